package io.plantwire.features.itest;

import static io.plantwire.features.itest.TestRepository.coordinates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

import io.plantwire.features.FeatureException;
import io.plantwire.features.FeatureInfo;
import io.plantwire.features.FeatureManager;
import io.plantwire.features.TrustStatus;
import io.plantwire.features.trust.FeatureSignature;
import io.plantwire.test.support.TestSigner;

/**
 * The trust policy enforced by the real installer in Felix, with keys made by the test: a trusted OEM's signed jar
 * installs; unsigned, tampered, partially signed, untrusted and expired ones are refused with their reason from the
 * repository and from the deploy/ folder; a feature whose signature does not verify, or whose bundle does not match
 * its pin, changes nothing. (The other in-framework tests of the installer run with trust.mode=off, set in
 * test.bndrun; this class configures enforce explicitly and removes its configuration at the end.)
 */
@ExtendWith({org.osgi.test.junit5.context.BundleContextExtension.class,
        org.osgi.test.junit5.service.ServiceExtension.class})
class TrustInFrameworkTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String VERSION = "1.0.0";

    static BundleContext context;
    static ConfigurationAdmin configurationAdmin;
    static TestRepository repo;
    static TestSigner oem;
    static FeatureManager manager;
    static TrustStatus trust;
    static Path deploy;

    @BeforeAll
    static void gatewayWithATrustStore() throws Exception {
        context = FrameworkUtil.getBundle(TrustInFrameworkTest.class).getBundleContext();
        // Held for the whole class: a ConfigurationAdmin obtained through a closed tracker is unusable.
        configurationAdmin = context.getService(context.getServiceReference(ConfigurationAdmin.class));
        repo = new TestRepository();
        Path keys = Files.createDirectories(repo.home.resolve("keys"));
        oem = TestSigner.make(keys, "Acme OEM", null, 30);
        TestSigner stranger = TestSigner.make(keys, "Unknown OEM", null, 30);
        TestSigner expired = TestSigner.make(keys, "Expired OEM", "-10d", 2);
        Path trustStore = repo.home.resolve("trust");
        oem.trustIn(trustStore);
        expired.trustIn(trustStore);
        deploy = Files.createDirectories(repo.home.resolve("deploy"));

        write("probe.signed", oem.sign(TestSigner.bundle(keys.resolve("signed-src.jar"), "probe.signed"),
                keys.resolve("signed.jar")));
        write("probe.unsigned", TestSigner.bundle(keys.resolve("unsigned.jar"), "probe.unsigned"));
        Path tamperSource = oem.sign(TestSigner.bundle(keys.resolve("t.jar"), "probe.tampered"), keys.resolve("ts.jar"));
        write("probe.tampered", TestSigner.withChangedEntry(tamperSource, keys.resolve("tampered.jar"),
                "com/acme/Driver.class"));
        write("probe.stranger", stranger.sign(TestSigner.bundle(keys.resolve("s.jar"), "probe.stranger"),
                keys.resolve("stranger.jar")));
        write("probe.expired", expired.sign(TestSigner.bundle(keys.resolve("e.jar"), "probe.expired"),
                keys.resolve("expired.jar")));
        Path partialSource = oem.sign(TestSigner.bundle(keys.resolve("p.jar"), "probe.partial"), keys.resolve("ps.jar"));
        write("probe.partial", TestSigner.withAddedEntry(partialSource, keys.resolve("partial.jar"),
                "com/acme/Evil.class"));

        configure("io.plantwire.trust", "trust.mode", "enforce", "trust.store", trustStore.toString());
        await().atMost(WAIT).until(() -> service(TrustStatus.class, null) != null
                && trustStore.toString().equals(service(TrustStatus.class, null).trustStore())
                && "enforce".equals(service(TrustStatus.class, null).mode()));
        trust = service(TrustStatus.class, null);
        configure("io.plantwire.features", "repository", repo.repository.toString(), "featuresDirectory",
                repo.features.toString(), "marker", repo.home.toString());
        manager = service(FeatureManager.class, "(marker=" + repo.home + ")");
        configure("io.plantwire.deploy", "folder", deploy.toString(), "pollIntervalMs", 100);
    }

    /** Each test starts without test features or probe bundles, whatever the one before left. */
    @AfterEach
    void removeWhatTheTestInstalled() throws Exception {
        for (FeatureInfo f : manager.features()) {
            if (f.installed()) {
                manager.uninstallFeature(f.id());
            }
        }
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName() != null && b.getSymbolicName().startsWith("probe.")) {
                b.uninstall();
            }
        }
    }

    @AfterAll
    static void back() throws Exception {
        for (String pid : List.of("io.plantwire.deploy", "io.plantwire.trust")) {
            Configuration c = configurationAdmin.getConfiguration(pid, "?");
            c.delete();
        }
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName() != null && b.getSymbolicName().startsWith("probe.")) {
                b.uninstall();
            }
        }
        repo.close();
    }

    @Test
    void aJarSignedByATrustedOemInstallsAndStarts() throws Exception {
        manager.installBundle(coordinates("probe.signed", VERSION));
        assertThat(bundle("probe.signed").getState()).isEqualTo(Bundle.ACTIVE);
        manager.uninstallBundle("probe.signed");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "probe.unsigned|it is not signed",
            "probe.tampered|entry com/acme/Driver.class does not match its signature",
            "probe.stranger|signer CN=Unknown OEM,O=Test is not trusted",
            "probe.expired|certificate CN=Expired OEM,O=Test expired on",
            "probe.partial|entry com/acme/Evil.class is not signed"})
    void badJarsFromTheRepositoryAreRefusedWithTheirReason(String caseText) throws Exception {
        String[] c = caseText.split("\\|");
        List<String> before = bundleNames();
        assertThatThrownBy(() -> manager.installBundle(coordinates(c[0], VERSION)))
                .isInstanceOf(FeatureException.class)
                .hasMessageContaining(c[0]).hasMessageContaining("refused: ").hasMessageContaining(c[1]);
        assertThat(bundleNames()).isEqualTo(before);
        assertThat(trust.recentRefusals().get(0).reason()).contains(c[1]);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "probe.unsigned|it is not signed",
            "probe.tampered|entry com/acme/Driver.class does not match its signature",
            "probe.stranger|signer CN=Unknown OEM,O=Test is not trusted",
            "probe.expired|certificate CN=Expired OEM,O=Test expired on",
            "probe.partial|entry com/acme/Evil.class is not signed"})
    void badJarsDroppedIntoDeployAreRefusedAndLeftWhereTheyAre(String caseText) throws Exception {
        String[] c = caseText.split("\\|");
        Path dropped = Files.copy(repo.jarPath(c[0], VERSION), deploy.resolve(c[0] + "-1.0.jar"));
        await().atMost(WAIT).until(() -> trust.recentRefusals().stream()
                .anyMatch(r -> r.origin().contains(c[0] + "-1.0.jar") && r.reason().contains(c[1])));
        assertThat(dropped).exists();
        assertThat(bundleNames()).doesNotContain(c[0]);
        Files.delete(dropped);
    }

    @Test
    void aSignedJarDroppedIntoDeployIsInstalledAndUninstalledWhenRemoved() throws Exception {
        Path dropped = Files.copy(repo.jarPath("probe.signed", VERSION), deploy.resolve("acme-driver-1.0.jar"));
        await().atMost(WAIT).until(() -> bundleNames().contains("probe.signed")
                && bundle("probe.signed").getState() == Bundle.ACTIVE);
        Files.delete(dropped);
        await().atMost(WAIT).until(() -> !bundleNames().contains("probe.signed"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"..:probe.signed:1.0.0", "probe:..:1.0.0", "probe:x:../../../etc", ".hidden:x:1",
            "probe:.x:1", "probe:x:.1"})
    void coordinatesThatWouldLeaveTheRepositoryAreRefused(String text) {
        assertThatThrownBy(() -> manager.installBundle(text)).isInstanceOf(FeatureException.class)
                .hasMessageContaining("is not allowed");
    }

    @Test
    void anAbsolutePathInAFeatureIsRefusedWhenTheFeatureIsRead() throws Exception {
        Path file = repo.features.resolve("escape.json");
        Files.writeString(file, "{\"id\":\"" + TestRepository.featureId("escape") + "\",\"bundles\":[\"/etc:passwd:1\"]}");
        sign(file, oem);
        assertThatThrownBy(() -> manager.installFeature(file.toString())).hasMessageContaining("is not allowed");
    }

    @Test
    void aFeatureWhoseSignatureDoesNotVerifyIsRefusedBeforeAnyBundleIsTouched() throws Exception {
        Path file = pinnedFeature("altered", "probe.signed");
        Files.writeString(file, Files.readString(file).replace("altered test feature", "altered after signing"));
        List<String> before = bundleNames();
        assertThatThrownBy(() -> manager.installFeature(file.toString()))
                .hasMessageContaining("refused: its signature does not match its content");
        assertThat(bundleNames()).isEqualTo(before);
        Files.delete(file.resolveSibling("altered.json.sig"));
        assertThatThrownBy(() -> manager.installFeature(file.toString()))
                .hasMessageContaining("refused: it has no signature (altered.json.sig is missing)");
        assertThat(bundleNames()).isEqualTo(before);
    }

    @Test
    void aFeatureWithAMatchingPinInstallsAnUnsignedBundleAndAWrongPinChangesNothing() throws Exception {
        Path good = pinnedFeature("pinned", "probe.unsigned");
        manager.installFeature(good.toString());
        assertThat(bundle("probe.unsigned").getState()).isEqualTo(Bundle.ACTIVE);
        manager.uninstallFeature(TestRepository.featureId("pinned"));

        Path wrong = repo.features.resolve("wrongpin.json");
        Files.writeString(wrong, pinnedJson("wrongpin", List.of("probe.signed", "probe.unsigned"))
                .replace(sha256(repo.jarPath("probe.unsigned", VERSION)), "0".repeat(64)));
        sign(wrong, oem);
        List<String> before = bundleNames();
        assertThatThrownBy(() -> manager.installFeature(wrong.toString()))
                .hasMessageContaining("differs from " + "0".repeat(64) + " pinned by its signed feature");
        assertThat(bundleNames()).isEqualTo(before);
        assertThat(trust.refusalsByKind()).containsKey("pin-mismatch");
    }

    @Test
    void aBundleOfAPinnedFeatureUpdatedOnItsOwnIsAdmittedOnlyWithThePinnedContent() throws Exception {
        repo.probeBundle("probe.refit", VERSION);
        Path feature = pinnedFeature("refit", "probe.refit");
        manager.installFeature(feature.toString());
        try {
            // The content the signed feature pins, applied again (plantwire:update of a feature's bundle): admitted.
            assertThat(manager.updateBundle("probe.refit").updated()).hasSize(1);

            repo.probeBundle("probe.refit", VERSION, "Probe-Revision", "2"); // other content, not signed
            assertThatThrownBy(() -> manager.updateBundle(coordinates("probe.refit", VERSION)))
                    .hasMessageContaining("differs from").hasMessageContaining("pinned");
            assertThat(bundle("probe.refit").getHeaders().get("Probe-Revision")).isNull();
            assertThat(bundle("probe.refit").getState()).isEqualTo(Bundle.ACTIVE);
        } finally {
            manager.uninstallFeature(TestRepository.featureId("refit"));
        }
    }

    @Test
    void hostileFilesInTheWatchedFolderAreRefusedAndTheWatcherKeepsGoing() throws Exception {
        Path watched = Files.createDirectories(repo.home.resolve("autoinstall"));
        configure("io.plantwire.features", "repository", repo.repository.toString(), "featuresDirectory",
                repo.features.toString(), "watchFolder", watched.toString(), "watchIntervalMs", 200, "marker",
                repo.home + "/watched");
        FeatureManager watching = service(FeatureManager.class, "(marker=" + repo.home + "/watched)");
        try {
            // Signed, so each reaches the parser or the size check: 100,000 levels deep, 2 MiB, and an unsigned one.
            Path deep = Files.writeString(watched.resolve("deep.json"), "[".repeat(100_000) + "]".repeat(100_000));
            sign(deep, oem);
            Path big = Files.writeString(watched.resolve("big.json"), "{\"id\":\"" + TestRepository.featureId("big")
                    + "\",\"description\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}");
            sign(big, oem);
            Files.writeString(watched.resolve("unsigned.json"), "{\"id\":\"" + TestRepository.featureId("u") + "\"}");
            Path good = pinnedFeature("watched-good", "probe.signed");
            Files.move(good, watched.resolve("watched-good.json"));
            Files.move(repo.features.resolve("watched-good.json.sig"), watched.resolve("watched-good.json.sig"));

            // The watcher takes the files in the folder's order: wait for both outcomes.
            await().atMost(WAIT).until(() -> bundleNames().contains("probe.signed")
                    && trust.recentRefusals().stream().anyMatch(r -> r.origin().endsWith("unsigned.json")));
            assertThatThrownBy(() -> watching.installFeature(deep.toString()))
                    .hasMessageContaining("nested deeper than 64 levels");
            assertThatThrownBy(() -> watching.installFeature(big.toString()))
                    .hasMessageContaining("more than 1048576; it was not read");
            Files.delete(watched.resolve("watched-good.json"));
            await().atMost(WAIT).until(() -> !bundleNames().contains("probe.signed"));
        } finally {
            configure("io.plantwire.features", "repository", repo.repository.toString(), "featuresDirectory",
                    repo.features.toString(), "marker", repo.home.toString());
            manager = service(FeatureManager.class, "(marker=" + repo.home + ")");
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Path pinnedFeature(String name, String... bsns) throws Exception {
        Path file = repo.features.resolve(name + ".json");
        Files.writeString(file, pinnedJson(name, List.of(bsns)));
        sign(file, oem);
        return file;
    }

    private static String pinnedJson(String name, List<String> bsns) throws IOException {
        StringBuilder json = new StringBuilder("{\n  \"feature-resource-version\": \"1.0\",\n  \"id\": \"")
                .append(TestRepository.featureId(name)).append("\",\n  \"name\": \"").append(name)
                .append(" test feature\",\n  \"bundles\": [");
        for (int i = 0; i < bsns.size(); i++) {
            json.append(i > 0 ? ", " : "").append("{\"id\": \"").append(coordinates(bsns.get(i), VERSION))
                    .append("\", \"io.plantwire.sha256\": \"").append(sha256(repo.jarPath(bsns.get(i), VERSION)))
                    .append("\"}");
        }
        return json.append("]\n}\n").toString();
    }

    private static void sign(Path file, TestSigner signer) throws Exception {
        Files.writeString(file.resolveSibling(file.getFileName() + FeatureSignature.SUFFIX),
                FeatureSignature.sign(Files.readAllBytes(file), signer.key, signer.chain), StandardCharsets.US_ASCII);
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(String bsn, Path jar) throws IOException {
        Path target = repo.jarPath(bsn, VERSION);
        Files.createDirectories(target.getParent());
        Files.copy(jar, target);
    }

    private static List<String> bundleNames() {
        List<String> names = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            names.add(b.getSymbolicName());
        }
        return names;
    }

    private static Bundle bundle(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + bsn);
    }

    private static void configure(String pid, Object... keyValues) throws IOException {
        Dictionary<String, Object> props = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put((String) keyValues[i], keyValues[i + 1]);
        }
        configurationAdmin.getConfiguration(pid, "?").update(props);
    }

    private static <T> T service(Class<T> type, String filter) throws Exception {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, context.createFilter("(&(objectClass="
                + type.getName() + ")" + (filter == null ? "" : filter) + ")"), null);
        tracker.open();
        try {
            return tracker.waitForService(WAIT.toMillis());
        } finally {
            tracker.close();
        }
    }
}
