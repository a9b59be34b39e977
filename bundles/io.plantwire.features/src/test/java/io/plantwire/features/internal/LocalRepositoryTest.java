package io.plantwire.features.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;

class LocalRepositoryTest {

    @TempDir
    Path repo;

    @Test
    void findsJarsByCoordinatesAndSymbolicName() throws IOException {
        jar(repo.resolve("org/acme/meter/1.0.0/meter-1.0.0.jar"), "org.acme.meter", "1.0.0");
        jar(repo.resolve("org/acme/meter/1.2.0/meter-1.2.0.jar"), "org.acme.meter;singleton:=true", "1.2.0");
        jar(repo.resolve("org/acme/other/1.0.0/other-1.0.0.jar"), "org.acme.other", "1.0.0");
        Files.writeString(repo.resolve("org/acme/other/1.0.0/broken.jar"), "not a zip");
        LocalRepository repository = new LocalRepository(repo);

        assertThat(repository.bundle(ArtifactCoordinates.parse("org.acme:meter:1.2.0")).symbolicName())
                .isEqualTo("org.acme.meter");
        assertThat(repository.bundlesNamed("org.acme.meter")).extracting(LocalRepository.BundleJar::version)
                .containsExactly(new Version(1, 2, 0), new Version(1, 0, 0));
        assertThatThrownBy(() -> repository.bundle(ArtifactCoordinates.parse("org.acme:meter:9.9.9")))
                .hasMessageContaining("org.acme:meter:9.9.9 is not in the local repository")
                .hasMessageContaining("meter-9.9.9.jar");
        assertThatThrownBy(() -> LocalRepository.read(repo.resolve("org/acme/other/1.0.0/broken.jar")))
                .hasMessageContaining("is not a jar");
    }

    @Test
    void plainJarIsNotABundle() throws IOException {
        Path plain = repo.resolve("plain.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream out = Files.newOutputStream(plain); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            // no OSGi headers
        }
        assertThatThrownBy(() -> LocalRepository.read(plain)).hasMessageContaining("no Bundle-SymbolicName");
    }

    @Test
    void stateSurvivesARestart() throws IOException {
        Path file = repo.resolve("data/installed-features.json");
        InstallerState state = InstallerState.load(file);
        state.managedBundles.put("file:/r/a.jar", "abc");
        state.updatedBaseBundles.put("file:/base/b.jar", "def");
        InstallerState.InstalledFeature f = new InstallerState.InstalledFeature("g:a:1", "/f/a.json");
        f.bundleLocations.add("file:/r/a.jar");
        f.configurations.put("p~n", "h1");
        state.features.put(f.id, f);
        state.save();

        InstallerState again = InstallerState.load(file);
        assertThat(again.managedBundles).containsEntry("file:/r/a.jar", "abc");
        assertThat(again.updatedBaseBundles).containsEntry("file:/base/b.jar", "def");
        assertThat(again.recordedContents()).containsExactlyInAnyOrder("abc", "def");
        assertThat(again.contentOf("file:/base/b.jar")).isEqualTo("def");
        assertThat(again.features.get("g:a:1").bundleLocations).containsExactly("file:/r/a.jar");
        assertThat(again.features.get("g:a:1").configurations).containsEntry("p~n", "h1");
        assertThat(again.neededByAnotherFeature("file:/r/a.jar", "g:a:1")).isFalse();
        assertThat(again.neededByAnotherFeature("file:/r/a.jar", "other")).isTrue();
    }

    @Test
    void configurationHashIgnoresBookkeepingButSeesUserEdits() {
        Hashtable<String, Object> applied = new Hashtable<>();
        applied.put("port", 5020);
        applied.put("points", new String[] {"a", "b"});
        applied.put(FeatureInstaller.OWNER_PROPERTY, "g:a:1");
        Hashtable<String, Object> stored = new Hashtable<>(applied);
        stored.put("service.pid", "p~n");
        stored.put("service.factoryPid", "p");
        assertThat(ConfigurationLedger.hash(stored)).isEqualTo(ConfigurationLedger.hash(applied));
        stored.put("points", new String[] {"a", "c"});
        assertThat(ConfigurationLedger.hash(stored)).isNotEqualTo(ConfigurationLedger.hash(applied));
        stored.put("points", new String[] {"a", "b"});
        stored.put("port", 5021);
        assertThat(ConfigurationLedger.hash(stored)).isNotEqualTo(ConfigurationLedger.hash(applied));
    }

    static void jar(Path path, String symbolicName, String version) throws IOException {
        Files.createDirectories(path.getParent());
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", version);
        try (OutputStream out = Files.newOutputStream(path); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            // headers only
        }
    }
}
