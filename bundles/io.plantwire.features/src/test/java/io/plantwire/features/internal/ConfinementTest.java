package io.plantwire.features.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Coordinates and feature files cannot lead the installer out of its repository or exhaust it. */
class ConfinementTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"..:x:1", "g:..:1", "g:a:..", "g:a:../../etc", ".hidden:a:1", "g:.a:1", "g:a:.1",
            "g/../..:a:1", "g:a:jar:../x:1", "g:a:JAR:1", "a..b:c:1", "g:a\n:1", "g:a:-1", "g:a b:1",
            "/etc:passwd:1", "g:a:1/../../x", "g:a:1%2e%2e"})
    void badCoordinatesAreRefusedNamingThePart(String text) {
        assertThatThrownBy(() -> ArtifactCoordinates.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'");
    }

    @Test
    void goodCoordinatesStayInsideTheRepository() {
        ArtifactCoordinates c = ArtifactCoordinates.parse("io.plantwire:io.plantwire.driver.modbus:0.1.0-SNAPSHOT");
        assertThat(c.repositoryPath(dir).startsWith(dir.toAbsolutePath().normalize())).isTrue();
        assertThat(ArtifactCoordinates.parse("com.acme:driver:jar:linux-x86_64:1.2.3+build.7").classifier())
                .isEqualTo("linux-x86_64");
    }

    @Test
    void aPartLongerThanTheLimitIsRefused() {
        assertThatThrownBy(() -> ArtifactCoordinates.parse("g:" + "a".repeat(129) + ":1"))
                .hasMessageContaining("artifactId is longer than 128 characters");
    }

    @Test
    void aSymbolicLinkOutOfTheRepositoryIsRefused() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        LocalRepositoryTest.jar(outside.resolve("a-1.jar"), "com.acme.a", "1.0.0");
        Path repository = Files.createDirectories(dir.resolve("repository/g/a"));
        Files.createSymbolicLink(repository.resolve("1"), outside);
        LocalRepository local = new LocalRepository(dir.resolve("repository"));
        assertThatThrownBy(() -> local.bundle(ArtifactCoordinates.parse("g:a:1")))
                .hasMessageContaining("outside the repository");
    }

    @Test
    void deeplyNestedJsonIsRefusedWithoutExhaustingTheStack() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThatThrownBy(() -> Json.parse(deep)).hasMessageContaining("nested deeper than 64 levels");
        assertThat(Json.parse("[".repeat(64) + "]".repeat(64))).isNotNull();
    }

    @Test
    void aFeatureWithABadPinIsRefused() {
        assertThatThrownBy(() -> FeatureFile.parse("{\"id\":\"g:f:1\",\"bundles\":[{\"id\":\"g:a:1\","
                + "\"io.plantwire.sha256\":\"xyz\"}]}", "f.json"))
                .hasMessage("f.json: bundles[0]: io.plantwire.sha256 must be 64 lower-case hex digits");
        FeatureFile f = FeatureFile.parse("{\"id\":\"g:f:1\",\"bundles\":[{\"id\":\"g:a:1\","
                + "\"io.plantwire.sha256\":\"" + "0".repeat(64) + "\"}, \"g:b:1\"]}", "f.json");
        assertThat(f.pinnedSha256(ArtifactCoordinates.parse("g:a:1"))).isEqualTo("0".repeat(64));
        assertThat(f.pinnedSha256(ArtifactCoordinates.parse("g:b:1"))).isNull();
    }

    @Test
    void pinsAreWrittenFromTheRepositoryJars() throws IOException {
        Path repository = dir.resolve("repository");
        Path jar = ArtifactCoordinates.parse("g:a:1").repositoryPath(repository);
        Files.createDirectories(jar.getParent());
        LocalRepositoryTest.jar(jar, "com.acme.a", "1.0.0");
        String pinned = FeaturePins.pin("{\"id\":\"g:f:1\",\"bundles\":[\"g:a:1\"]}", "f.json", repository);
        FeatureFile f = FeatureFile.parse(pinned, "f.json");
        assertThat(f.pinnedSha256(ArtifactCoordinates.parse("g:a:1"))).isEqualTo(LocalRepository.sha256(jar));
        assertThatThrownBy(() -> FeaturePins.pin("{\"id\":\"g:f:1\",\"variables\":{\"v\":\"1\"},"
                + "\"bundles\":[\"g:a:${v}\"]}", "f.json", repository)).hasMessageContaining("uses a variable");
    }
}
