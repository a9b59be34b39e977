package io.plantwire.config.snapshots.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {

    @TempDir
    Path dir;

    private static SiteConfiguration site(int n) {
        return SiteConfiguration.of(Map.of("p", Map.of("n", n)), List.of(), List.of());
    }

    @Test
    void keepsTheNewestMaxCountAndSkipsAnUnchangedState() throws Exception {
        SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"), 3, 1_000_000,
                Clock.fixed(Instant.parse("2026-12-06T11:43:12.045Z"), ZoneOffset.UTC));
        String first = store.write(site(1), "one");
        assertThat(first).isEqualTo("20261206-114312-045");
        assertThat(store.write(site(1), "same again")).isNull();
        for (int i = 2; i <= 5; i++) {
            assertThat(store.write(site(i), "n=" + i)).isNotNull();
        }
        List<SnapshotStore.Entry> all = store.list();
        assertThat(all).extracting(SnapshotStore.Entry::reason).containsExactly("n=5", "n=4", "n=3");
        assertThat(all).extracting(SnapshotStore.Entry::id).containsExactly("20261206-114312-045-4",
                "20261206-114312-045-3", "20261206-114312-045-2");
        assertThat(store.read(all.get(0).id()).site().sameAs(site(5))).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("snapshots"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                dir.resolve("snapshots").resolve(all.get(0).id() + ".json")))).isEqualTo("rw-------");
    }

    @Test
    void anIdThatIsNotOneIsRefusedBeforeAnyFileIsOpened() {
        SnapshotStore store = new SnapshotStore(dir, 3, 1_000_000, Clock.systemUTC());
        for (String bad : new String[] {"../../etc/passwd", "20261206-114312-045/../x", "", null}) {
            assertThatThrownBy(() -> store.read(bad)).isInstanceOf(SiteDocumentException.class)
                    .hasMessageContaining("is not a snapshot id");
        }
        assertThatThrownBy(() -> store.read("20261206-114312-046")).hasMessageContaining("no snapshot");
    }

    @Test
    void anUnreadableSnapshotIsListedWithTheReason() throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("20261206-000000-000.json"), "{ broken");
        SnapshotStore store = new SnapshotStore(dir, 3, 1_000_000, Clock.systemUTC());
        assertThat(store.list()).singleElement().satisfies(e -> assertThat(e.reason()).startsWith("unreadable: "));
        assertThat(store.write(site(1), "after a broken one")).isNotNull();
    }
}
