package io.plantwire.features.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;

import io.plantwire.features.FeatureException;

class RevisionStoreTest {

    @TempDir
    Path dir;

    private final Set<String> recorded = new HashSet<>();
    private final List<String> admitted = new ArrayList<>();

    private RevisionStore store(JarAdmission admission, FailureInjection failures) {
        return new RevisionStore(dir.resolve("revisions"), admission, failures, () -> Set.copyOf(recorded));
    }

    private final JarAdmission recording = (copy, origin, sha256, pinned) -> {
        admitted.add(copy.getFileName() + " " + origin + " " + sha256 + " " + pinned);
        JarAdmission.PINS_ONLY.admit(copy, origin, sha256, pinned);
    };

    @Test
    void stagesACopyNamedByItsHashAndReadsTheHeadersFromIt() throws Exception {
        Path source = dir.resolve("repo/meter-1.2.0.jar");
        LocalRepositoryTest.jar(source, "org.acme.meter;singleton:=true", "1.2.0");
        String sha256 = sha256(source);

        StagedJar jar = store(recording, FailureInjection.NONE).stage(source, "org.acme:meter:1.2.0", null, null);

        assertThat(jar.sha256()).isEqualTo(sha256);
        assertThat(jar.copy()).isEqualTo(dir.resolve("revisions/" + sha256 + ".jar"));
        assertThat(Files.readAllBytes(jar.copy())).isEqualTo(Files.readAllBytes(source));
        assertThat(jar.symbolicName()).isEqualTo("org.acme.meter");
        assertThat(jar.version()).isEqualTo(new Version(1, 2, 0));
        assertThat(admitted).containsExactly(sha256 + ".jar org.acme:meter:1.2.0 " + sha256 + " null");
        assertThat(files()).containsExactly(sha256 + ".jar");
    }

    @Test
    void stagingContentTheStoreHoldsKeepsThatCopyAsItIsAndStillAdmitsIt() throws Exception {
        RevisionStore store = store(recording, FailureInjection.NONE);
        Kept kept = keptMeter(store);
        Path source = kept.source();
        String sha256 = kept.sha256();
        Path copy = kept.copy();
        Object firstFile = Files.readAttributes(copy, java.nio.file.attribute.BasicFileAttributes.class).fileKey();

        // At a restart the kept copy itself is staged again (the restore), then the repository jar (the update).
        StagedJar restored = store.stage(copy, "org.acme:meter:1.2.0", null, sha256);
        StagedJar updated = store.stage(source, "org.acme:meter:1.2.0", sha256, null);

        assertThat(restored.copy()).isEqualTo(copy);
        assertThat(updated.copy()).isEqualTo(copy);
        assertThat(Files.readAttributes(copy, java.nio.file.attribute.BasicFileAttributes.class).fileKey())
                .as("the same file, not replaced").isEqualTo(firstFile);
        assertThat(admitted).as("every staging is admitted").hasSize(3);
        assertThat(files()).containsExactly(sha256 + ".jar");
    }

    @Test
    void aKeptCopyStagedAgainIsHashedWhereItLiesWithoutACopy() throws Exception {
        Kept kept = keptMeter(store(recording, FailureInjection.NONE));
        FailureInjection failEveryCopy = (step, subject) -> {
            throw new FeatureException("injected failure at " + step + " " + subject);
        };

        StagedJar restored = store(recording, failEveryCopy).stage(kept.copy(), "file:/r/meter.jar", null,
                kept.sha256());

        assertThat(restored.copy()).isEqualTo(kept.copy());
        assertThat(restored.sha256()).isEqualTo(kept.sha256());
        assertThat(restored.symbolicName()).isEqualTo("org.acme.meter");
        assertThat(admitted).as("still admitted").hasSize(2);
        assertThat(files()).containsExactly(kept.sha256() + ".jar");
    }

    @Test
    void aKeptCopyChangedBehindTheInstallersBackIsRefusedAtRestoreAndLeftForInspection() throws Exception {
        RevisionStore store = store(recording, FailureInjection.NONE);
        Kept kept = keptMeter(store);
        LocalRepositoryTest.jar(kept.copy(), "org.evil.meter", "6.6.6");

        assertThatThrownBy(() -> store.stage(kept.copy(), "file:/r/meter.jar", null, kept.sha256()))
                .isInstanceOf(FeatureException.class)
                .hasMessageContaining("file:/r/meter.jar refused: " + kept.copy() + " has SHA-256 "
                        + sha256(kept.copy()))
                .hasMessageContaining("the installer recorded " + kept.sha256());
        assertThat(admitted).as("only the first staging").hasSize(1);
        assertThat(files()).containsExactly(kept.sha256() + ".jar");
    }

    @Test
    void aKeptCopyReplacedByALinkIsCopiedBackAsAFile() throws Exception {
        RevisionStore store = store(recording, FailureInjection.NONE);
        Kept kept = keptMeter(store);
        Path elsewhere = dir.resolve("elsewhere.jar");
        Files.copy(kept.copy(), elsewhere);
        Files.delete(kept.copy());
        Files.createSymbolicLink(kept.copy(), elsewhere);

        StagedJar restored = store.stage(kept.copy(), "file:/r/meter.jar", null, kept.sha256());

        assertThat(restored.copy()).isEqualTo(kept.copy());
        assertThat(Files.isSymbolicLink(kept.copy())).as("the link is replaced by a copy of its content")
                .isFalse();
        assertThat(sha256(kept.copy())).isEqualTo(kept.sha256());
        assertThat(files()).containsExactly(kept.sha256() + ".jar");
    }

    @Test
    void aKeptCopyThatNoLongerHasItsNamedContentIsReplacedFromTheSource() throws Exception {
        RevisionStore store = store(recording, FailureInjection.NONE);
        Kept kept = keptMeter(store);
        Path source = kept.source();
        String sha256 = kept.sha256();
        Path copy = kept.copy();
        Files.write(copy, new byte[] {1, 2, 3}); // changed behind the installer's back

        StagedJar again = store.stage(source, "org.acme:meter:1.2.0", null, null);

        assertThat(again.copy()).isEqualTo(copy);
        assertThat(sha256(copy)).isEqualTo(sha256);
        assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(source));
        assertThat(files()).containsExactly(sha256 + ".jar");
    }

    @Test
    void aRefusedJarLeavesNothingBehind() throws Exception {
        Path source = dir.resolve("repo/meter-1.2.0.jar");
        LocalRepositoryTest.jar(source, "org.acme.meter", "1.2.0");
        String pin = "0".repeat(64);

        assertThatThrownBy(() -> store(recording, FailureInjection.NONE).stage(source, "org.acme:meter:1.2.0", pin, null))
                .isInstanceOf(FeatureException.class)
                .hasMessageContaining("org.acme:meter:1.2.0 refused: its SHA-256 " + sha256(source))
                .hasMessageContaining("differs from " + pin);
        assertThat(files()).isEmpty();
    }

    @Test
    void aCopyWhoseHashIsNotTheRecordedOneIsRefusedBeforeAdmission() throws Exception {
        Path kept = dir.resolve("kept.jar");
        LocalRepositoryTest.jar(kept, "org.acme.meter", "1.2.0");
        String recordedSha = "a".repeat(64);

        assertThatThrownBy(() -> store(recording, FailureInjection.NONE).stage(kept, "file:/r/meter.jar", null, recordedSha))
                .hasMessageContaining("file:/r/meter.jar refused: " + kept + " has SHA-256 " + sha256(kept))
                .hasMessageContaining("the installer recorded " + recordedSha);
        assertThat(admitted).isEmpty();
        assertThat(files()).isEmpty();
    }

    @Test
    void anIoErrorWhileCopyingLeavesNoPartialFile() throws Exception {
        Path source = dir.resolve("repo/big.jar");
        Files.createDirectories(source.getParent());
        Files.write(source, new byte[300_000]); // several chunks, so the failure comes part-way

        FailureInjection failCopy = (step, subject) -> {
            throw new FeatureException("injected failure at " + step + " " + subject);
        };
        assertThatThrownBy(() -> store(recording, failCopy).stage(source, "big.jar", null, null))
                .hasMessageContaining("cannot copy big.jar into " + dir.resolve("revisions"))
                .hasMessageContaining("injected failure at COPY big.jar");
        assertThat(files()).isEmpty();
    }

    @Test
    void notAJarIsNamedByItsOriginAndNotKept() throws Exception {
        Path source = dir.resolve("repo/garbage.jar");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "this is not a jar");

        assertThatThrownBy(() -> store(recording, FailureInjection.NONE).stage(source, source.toString(), null, null))
                .hasMessageContaining(source + " is not a jar");
        assertThat(files()).isEmpty();
    }

    @Test
    void garbageCollectionKeepsWhatTheRecordNamesAndAKeptCopyIsFoundByHash() throws Exception {
        Path a = dir.resolve("repo/a.jar");
        Path b = dir.resolve("repo/b.jar");
        LocalRepositoryTest.jar(a, "a", "1.0.0");
        LocalRepositoryTest.jar(b, "b", "1.0.0");
        RevisionStore store = store(recording, FailureInjection.NONE);
        StagedJar keptA = store.stage(a, "a", null, null);
        store.stage(b, "b", null, null);
        Files.writeString(dir.resolve("revisions/.staging-123.tmp"), "left by a crash");
        recorded.add(keptA.sha256());

        store.collectGarbage();

        assertThat(files()).containsExactly(keptA.sha256() + ".jar");
        assertThat(store.keptCopy("file:/r/a.jar", keptA.sha256())).isEqualTo(keptA.copy());
        assertThat(store.keptCopy("file:/r/b.jar", sha256(b))).isNull();
    }

    /** A meter bundle in the repository, staged once: the store keeps its copy. */
    private record Kept(Path source, String sha256, Path copy) {
    }

    private Kept keptMeter(RevisionStore store) throws Exception {
        Path source = dir.resolve("repo/meter-1.2.0.jar");
        LocalRepositoryTest.jar(source, "org.acme.meter", "1.2.0");
        return new Kept(source, sha256(source), store.stage(source, "org.acme:meter:1.2.0", null, null).copy());
    }

    private List<String> files() throws IOException {
        Path revisions = dir.resolve("revisions");
        if (!Files.isDirectory(revisions)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(revisions)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
