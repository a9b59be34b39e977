package io.plantwire.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.plantwire.store.FsyncPolicy;
import io.plantwire.store.QueueOptions;
import io.plantwire.store.StoredRecord;

/**
 * Power cuts simulated by {@link PowerCutFiles}: after a segment roll (file created) and after acknowledgements
 * (files deleted), a power cut must leave exactly what {@code EVERY_WRITE} promised. The control case, a file
 * system that ignores directory syncs, shows that the same power cut without them loses forced records.
 */
class DirectorySyncTest {

    @TempDir
    Path tmp;

    private static final QueueOptions SMALL_SEGMENTS = QueueOptions.defaults().withSegmentBytes(4096);

    private static byte[] record(long n) {
        byte[] b = new byte[500];
        byte[] text = ("tank-1 reading " + n).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(text, 0, b, 0, text.length);
        return b;
    }

    private static long numberOf(StoredRecord r) {
        String s = new String(r.payload(), StandardCharsets.UTF_8).trim();
        return Long.parseLong(s.substring("tank-1 reading ".length()).replace("\0", ""));
    }

    private List<StoredRecord> reopenAfterPowerCut(PowerCutFiles files, String name) throws IOException {
        Path image = tmp.resolve(name);
        files.powerCutImage(image);
        try (SegmentedLogQueue q = SegmentedLogQueue.open(image, SMALL_SEGMENTS)) {
            List<StoredRecord> all = new ArrayList<>();
            long from = q.headPosition();
            for (List<StoredRecord> b; !(b = q.read(from, 1000, Long.MAX_VALUE)).isEmpty(); ) {
                all.addAll(b);
                from = b.get(b.size() - 1).position() + 1;
            }
            return all;
        }
    }

    @Test
    void everyWriteKeepsEveryAppendAcrossSegmentRollsAfterAPowerCut() throws IOException {
        PowerCutFiles files = new PowerCutFiles(true);
        Path dir = tmp.resolve("store");
        try (SegmentedLogQueue q = SegmentedLogQueue.open(dir,
                SMALL_SEGMENTS.withFsyncPolicy(FsyncPolicy.EVERY_WRITE), files)) {
            for (long i = 0; i < 40; i++) { // 500-byte records, 4 KiB segments: a roll every 7 records
                q.append(record(i));
                assertThat(files.unsyncedDirectoryChanges()).as("after append %d", i).isEmpty();
                if (i % 6 == 5) {
                    List<StoredRecord> after = reopenAfterPowerCut(files, "cut-" + i);
                    assertThat(after).extracting(DirectorySyncTest::numberOf).as("power cut after append %d", i)
                            .containsExactlyElementsOf(range(0, i));
                    assertThat(after).extracting(StoredRecord::position).containsExactlyElementsOf(range(0, i));
                }
            }
            assertThat(q.stats().segments()).isGreaterThan(4);
        }
        assertThat(files.operations()).filteredOn(o -> o.startsWith("syncdir")).hasSizeGreaterThan(4);
    }

    @Test
    void everyWriteNeverBringsAcknowledgedRecordsBackOrReusesPositionsAfterAPowerCut() throws IOException {
        PowerCutFiles files = new PowerCutFiles(true);
        try (SegmentedLogQueue q = SegmentedLogQueue.open(tmp.resolve("store"),
                SMALL_SEGMENTS.withFsyncPolicy(FsyncPolicy.EVERY_WRITE), files)) {
            for (long i = 0; i < 30; i++) {
                q.append(record(i));
            }
            q.acknowledge(29); // every segment but the active one is deleted
            assertThat(files.operations()).filteredOn(o -> o.startsWith("delete")).isNotEmpty();
            assertThat(files.unsyncedDirectoryChanges()).isEmpty();
            q.append(record(30));
            List<StoredRecord> after = reopenAfterPowerCut(files, "cut");
            assertThat(after).extracting(StoredRecord::position).containsExactly(30L);
            assertThat(after).extracting(DirectorySyncTest::numberOf).containsExactly(30L);
        }
    }

    @Test
    void withoutDirectorySyncsTheSamePowerCutLosesForcedRecords() throws IOException {
        // the control: proves the model can see the loss the directory syncs prevent
        PowerCutFiles files = new PowerCutFiles(false);
        try (SegmentedLogQueue q = SegmentedLogQueue.open(tmp.resolve("store"),
                SMALL_SEGMENTS.withFsyncPolicy(FsyncPolicy.EVERY_WRITE), files)) {
            for (long i = 0; i < 20; i++) {
                q.append(record(i));
            }
            assertThat(files.unsyncedDirectoryChanges()).isNotEmpty();
            assertThat(reopenAfterPowerCut(files, "cut")).hasSizeLessThan(20);
        }
    }

    @Test
    void syncsTheDirectoryRightAfterCreatingAndAfterDeletingASegment() throws IOException {
        PowerCutFiles files = new PowerCutFiles(true);
        try (SegmentedLogQueue q = SegmentedLogQueue.open(tmp.resolve("store"), SMALL_SEGMENTS, files)) {
            for (long i = 0; i < 15; i++) { // default policy INTERVAL
                q.append(record(i));
                assertThat(files.unsyncedDirectoryChanges()).isEmpty();
            }
            q.acknowledge(10);
            assertThat(files.unsyncedDirectoryChanges()).isEmpty();
        }
        List<String> ops = files.operations();
        for (int i = 0; i < ops.size(); i++) {
            String op = ops.get(i);
            if ((op.startsWith("create ") && op.endsWith(".seg")) || op.startsWith("delete ")) {
                // the next directory operation after a create or delete is the directory sync
                String next = ops.subList(i + 1, ops.size()).stream()
                        .filter(o -> o.startsWith("syncdir") || o.startsWith("create") || o.startsWith("delete"))
                        .findFirst().orElse("none");
                assertThat(next).as("after '%s' in %s", op, ops).startsWith("syncdir");
            }
        }
        // the closed segment is forced before the next one is created
        int firstRoll = ops.indexOf("create 00000000000000000007.seg");
        assertThat(ops.subList(0, firstRoll)).contains("force 00000000000000000000.seg");
    }

    @Test
    void neverPolicySyncsNothing() throws IOException {
        PowerCutFiles files = new PowerCutFiles(true);
        try (SegmentedLogQueue q = SegmentedLogQueue.open(tmp.resolve("store"),
                SMALL_SEGMENTS.withFsyncPolicy(FsyncPolicy.NEVER), files)) {
            for (long i = 0; i < 30; i++) {
                q.append(record(i));
            }
            q.acknowledge(20);
        }
        assertThat(files.operations()).noneMatch(o -> o.startsWith("syncdir") || o.startsWith("force"));
    }

    private static List<Long> range(long from, long toInclusive) {
        List<Long> l = new ArrayList<>();
        for (long i = from; i <= toInclusive; i++) {
            l.add(i);
        }
        return l;
    }
}
