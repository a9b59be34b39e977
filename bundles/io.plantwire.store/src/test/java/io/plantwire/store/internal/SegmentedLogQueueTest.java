package io.plantwire.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.plantwire.store.FsyncPolicy;
import io.plantwire.store.OverflowPolicy;
import io.plantwire.store.QueueOptions;
import io.plantwire.store.QueueStats;
import io.plantwire.store.StoreAndForwardQueue;
import io.plantwire.store.StoreFullException;
import io.plantwire.store.StoredRecord;

class SegmentedLogQueueTest {

    @TempDir
    Path dir;

    private static byte[] reading(long n) {
        return ("tank-1 level=" + n).getBytes(StandardCharsets.UTF_8);
    }

    private static String text(StoredRecord r) {
        return new String(r.payload(), StandardCharsets.UTF_8);
    }

    private static List<StoredRecord> readAll(StoreAndForwardQueue q) throws IOException {
        List<StoredRecord> all = new ArrayList<>();
        long from = q.headPosition();
        while (true) {
            List<StoredRecord> batch = q.read(from, 1000, Long.MAX_VALUE);
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
            from = batch.get(batch.size() - 1).position() + 1;
        }
    }

    @Test
    void appendsReadsAndAcknowledgesInOrder() throws IOException {
        try (StoreAndForwardQueue q = StoreAndForwardQueue.open(dir, QueueOptions.defaults())) {
            for (int i = 0; i < 10; i++) {
                assertThat(q.append(reading(i))).isEqualTo(i);
            }
            List<StoredRecord> batch = q.read(0, 4, Long.MAX_VALUE);
            assertThat(batch).extracting(StoredRecord::position).containsExactly(0L, 1L, 2L, 3L);
            assertThat(text(batch.get(2))).isEqualTo("tank-1 level=2");
            // reading does not remove
            assertThat(q.read(0, 1, Long.MAX_VALUE).get(0).position()).isZero();
            q.acknowledge(3);
            QueueStats s = q.stats();
            assertThat(s.records()).isEqualTo(6);
            assertThat(s.headPosition()).isEqualTo(4);
            assertThat(s.tailPosition()).isEqualTo(10);
            assertThat(s.appended()).isEqualTo(10);
            assertThat(s.acknowledged()).isEqualTo(4);
            assertThat(s.bytes()).isEqualTo(6L * 16 + 6 * "tank-1 level=0".length());
            assertThat(s.oldestAppendedAt()).isNotNull();
            // a read from before the head starts at the head
            assertThat(q.read(1, 100, Long.MAX_VALUE)).extracting(StoredRecord::position)
                    .containsExactly(4L, 5L, 6L, 7L, 8L, 9L);
            // acknowledging an old position is harmless
            q.acknowledge(2);
            assertThat(q.headPosition()).isEqualTo(4);
            assertThatThrownBy(() -> q.acknowledge(10)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("10");
            q.acknowledge(9);
            assertThat(q.stats().records()).isZero();
            assertThat(q.stats().bytes()).isZero();
            assertThat(q.stats().oldestAppendedAt()).isNull();
            assertThat(q.read(0, 10, Long.MAX_VALUE)).isEmpty();
        }
    }

    @Test
    void readStopsAtMaxBytesButReturnsAtLeastOneRecord() throws IOException {
        try (StoreAndForwardQueue q = StoreAndForwardQueue.open(dir, QueueOptions.defaults())) {
            q.append(new byte[100]);
            q.append(new byte[100]);
            q.append(new byte[100]);
            assertThat(q.read(0, 10, 250)).hasSize(2);
            assertThat(q.read(0, 10, 10)).hasSize(1);
        }
    }

    @Test
    void aRangeOfABufferIsStoredAsItsOwnRecordAndSurvivesAReopenWithItsChecksum() throws IOException {
        byte[] buffer = "HEADtank-1 level=2.5TAIL-OF-A-LARGER-BUFFER".getBytes(StandardCharsets.UTF_8);
        try (StoreAndForwardQueue q = StoreAndForwardQueue.open(dir, QueueOptions.defaults())) {
            assertThat(q.append(buffer, 4, 16)).isZero();
            assertThat(q.append(buffer, 0, 0)).isEqualTo(1);
            assertThatThrownBy(() -> q.append(buffer, 40, 16)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> q.append(buffer, -1, 4)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThat(q.stats().records()).as("a refused range stores nothing").isEqualTo(2);
        }
        try (StoreAndForwardQueue q = StoreAndForwardQueue.open(dir, QueueOptions.defaults())) {
            List<StoredRecord> all = readAll(q);
            assertThat(all).extracting(SegmentedLogQueueTest::text).containsExactly("tank-1 level=2.5", "");
        }
    }

    @Test
    void aDecoderGetsEachRecordsBytesReadOnlyWithItsPositionAndTimeAndReadsWhatReadReturns() throws IOException {
        QueueOptions small = QueueOptions.defaults().withSegmentBytes(4096);
        try (StoreAndForwardQueue q = StoreAndForwardQueue.open(dir, small)) {
            for (int i = 0; i < 300; i++) { // across segments
                q.append(reading(i));
            }
            q.acknowledge(9);
            List<StoredRecord> copies = q.read(0, 500, Long.MAX_VALUE);
            List<String> decoded = q.read(0, 500, Long.MAX_VALUE, (position, at, bytes) -> {
                assertThat(bytes.isReadOnly()).isTrue();
                byte[] b = new byte[bytes.remaining()];
                bytes.get(b);
                return position + "@" + at + ":" + new String(b, StandardCharsets.UTF_8);
            });
            assertThat(decoded).hasSize(290).first().asString().startsWith("10@").endsWith(":tank-1 level=10");
            for (int i = 0; i < copies.size(); i++) {
                StoredRecord c = copies.get(i);
                assertThat(decoded.get(i))
                        .isEqualTo(c.position() + "@" + c.appendedAt().toEpochMilli() + ":" + text(c));
            }
            assertThat(q.read(100, 3, Long.MAX_VALUE, (position, at, bytes) -> position))
                    .containsExactly(100L, 101L, 102L);
        }
    }

    @Test
    void reopenKeepsUnacknowledgedRecordsAndContinuesPositions() throws IOException {
        QueueOptions small = QueueOptions.defaults().withSegmentBytes(4096);
        try (StoreAndForwardQueue q = StoreAndForwardQueue.open(dir, small)) {
            for (int i = 0; i < 1000; i++) {
                q.append(reading(i));
            }
            q.acknowledge(599);
        }
        try (StoreAndForwardQueue q = StoreAndForwardQueue.open(dir, small)) {
            assertThat(q.headPosition()).isEqualTo(600);
            assertThat(q.stats().records()).isEqualTo(400);
            List<StoredRecord> all = readAll(q);
            assertThat(all).hasSize(400);
            for (int i = 0; i < 400; i++) {
                assertThat(all.get(i).position()).isEqualTo(600 + i);
                assertThat(text(all.get(i))).isEqualTo("tank-1 level=" + (600 + i));
            }
            assertThat(q.append(reading(1000))).isEqualTo(1000);
            q.acknowledge(1000);
        }
        // everything consumed: positions still go on after a restart
        try (StoreAndForwardQueue q = StoreAndForwardQueue.open(dir, small)) {
            assertThat(q.stats().records()).isZero();
            assertThat(q.append(reading(1001))).isEqualTo(1001);
        }
    }

    @Test
    void consumedSegmentsAreDeleted() throws IOException {
        QueueOptions small = QueueOptions.defaults().withSegmentBytes(4096);
        try (StoreAndForwardQueue q = StoreAndForwardQueue.open(dir, small)) {
            for (int i = 0; i < 2000; i++) {
                q.append(reading(i));
            }
            QueueStats full = q.stats();
            assertThat(full.segments()).isGreaterThan(10);
            assertThat(segmentFiles()).isEqualTo(full.segments());
            q.acknowledge(1499);
            QueueStats part = q.stats();
            assertThat(part.segments()).isLessThan(full.segments() / 2);
            assertThat(part.diskBytes()).isLessThan(full.diskBytes() / 2);
            assertThat(segmentFiles()).isEqualTo(part.segments());
            q.acknowledge(1999);
            assertThat(q.stats().segments()).isEqualTo(1);
            // a consumer that keeps up: the log never grows beyond a couple of segments
            for (int i = 0; i < 5000; i++) {
                long p = q.append(reading(i));
                q.acknowledge(p);
            }
            assertThat(segmentFiles()).isLessThanOrEqualTo(2);
        }
    }

    private long segmentFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".seg")).count();
        }
    }

    @Test
    void dropOldestCountsExactlyAndKeepsNewest() throws IOException {
        // 64 KiB bound, records of 16 + 1008 bytes: 64 fit
        QueueOptions o = QueueOptions.defaults().withMaxBytes(64 * 1024).withSegmentBytes(8192);
        try (StoreAndForwardQueue q = StoreAndForwardQueue.open(dir, o)) {
            for (int i = 0; i < 100; i++) {
                byte[] r = new byte[1008];
                r[0] = (byte) i;
                q.append(r);
            }
            QueueStats s = q.stats();
            assertThat(s.records()).isEqualTo(64);
            assertThat(s.dropped()).isEqualTo(36);
            assertThat(s.rejected()).isZero();
            assertThat(s.bytes()).isEqualTo(64 * 1024);
            List<StoredRecord> all = readAll(q);
            assertThat(all.get(0).position()).isEqualTo(36);
            assertThat(all.get(0).payload()[0]).isEqualTo((byte) 36);
            assertThat(all.get(63).payload()[0]).isEqualTo((byte) 99);
        }
        // drops are remembered: the dropped records do not come back
        try (StoreAndForwardQueue q = StoreAndForwardQueue.open(dir, o)) {
            assertThat(q.headPosition()).isEqualTo(36);
            assertThat(q.stats().records()).isEqualTo(64);
        }
    }

    @Test
    void rejectNewCountsExactlyAndKeepsOldest() throws IOException {
        QueueOptions o = QueueOptions.defaults().withMaxBytes(64 * 1024)
                .withOverflowPolicy(OverflowPolicy.REJECT_NEW);
        try (StoreAndForwardQueue q = StoreAndForwardQueue.open(dir, o)) {
            int refused = 0;
            for (int i = 0; i < 100; i++) {
                try {
                    q.append(new byte[1008]);
                } catch (StoreFullException e) {
                    refused++;
                }
            }
            assertThat(refused).isEqualTo(36);
            QueueStats s = q.stats();
            assertThat(s.rejected()).isEqualTo(36);
            assertThat(s.records()).isEqualTo(64);
            assertThat(s.dropped()).isZero();
            assertThat(s.headPosition()).isZero();
            q.acknowledge(0);
            q.append(new byte[1008]); // room for exactly one more
            assertThatThrownBy(() -> q.append(new byte[1])).isInstanceOf(StoreFullException.class);
            assertThat(q.stats().rejected()).isEqualTo(37);
            assertThatThrownBy(() -> q.append(new byte[70 * 1024])).isInstanceOf(StoreFullException.class)
                    .hasMessageContaining("larger than the store");
        }
    }

    @Test
    void tornTailIsCutOffOnReopen() throws IOException {
        try (StoreAndForwardQueue q = StoreAndForwardQueue.open(dir, QueueOptions.defaults())) {
            for (int i = 0; i < 100; i++) {
                q.append(reading(i));
            }
        }
        Path seg = onlySegment();
        long size = Files.size(seg);
        // a crash in the middle of the 101st write: a header and half a payload
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            f.seek(size);
            f.writeInt(1000);
            f.writeInt(0x12345678);
            f.writeLong(System.currentTimeMillis());
            f.write(new byte[300]);
        }
        try (StoreAndForwardQueue q = StoreAndForwardQueue.open(dir, QueueOptions.defaults())) {
            assertThat(q.stats().discardedOnOpen()).isEqualTo(316);
            assertThat(Files.size(seg)).isEqualTo(size);
            List<StoredRecord> all = readAll(q);
            assertThat(all).hasSize(100);
            assertThat(text(all.get(99))).isEqualTo("tank-1 level=99");
            assertThat(q.append(reading(100))).isEqualTo(100);
            assertThat(text(q.read(100, 1, 100).get(0))).isEqualTo("tank-1 level=100");
        }
    }

    @Test
    void checksumFailureDiscardsFromTheDamagedRecordOn() throws IOException {
        try (StoreAndForwardQueue q = StoreAndForwardQueue.open(dir, QueueOptions.defaults())) {
            for (int i = 0; i < 10; i++) {
                q.append(reading(i));
            }
        }
        Path seg = onlySegment();
        int recordSize = 16 + "tank-1 level=0".length();
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            long payloadOfSeventh = 16 + 7L * recordSize + 16;
            f.seek(payloadOfSeventh);
            f.write('X'); // one flipped byte in record 7
        }
        try (StoreAndForwardQueue q = StoreAndForwardQueue.open(dir, QueueOptions.defaults())) {
            assertThat(readAll(q)).extracting(StoredRecord::position).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
            assertThat(q.stats().discardedOnOpen()).isEqualTo(3L * recordSize);
        }
    }

    private Path onlySegment() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> segs = s.filter(p -> p.toString().endsWith(".seg")).toList();
            assertThat(segs).hasSize(1);
            return segs.get(0);
        }
    }

    @Test
    void directoryIsLockedWhileOpen() throws IOException {
        try (StoreAndForwardQueue q = StoreAndForwardQueue.open(dir, QueueOptions.defaults())) {
            assertThatThrownBy(() -> StoreAndForwardQueue.open(dir, QueueOptions.defaults()))
                    .isInstanceOf(IOException.class).hasMessageContaining("in use");
        }
        StoreAndForwardQueue.open(dir, QueueOptions.defaults()).close();
    }

    @Test
    void awaitRecordsWakesOnAppendAndOnClose() throws Exception {
        StoreAndForwardQueue q = StoreAndForwardQueue.open(dir, QueueOptions.defaults());
        assertThat(q.awaitRecords(0, 10, TimeUnit.MILLISECONDS)).isFalse();
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return q.awaitRecords(0, 30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        q.append(reading(0));
        assertThat(waiting.get(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Boolean> waitingForMore = CompletableFuture.supplyAsync(() -> {
            try {
                return q.awaitRecords(1, 30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        q.close();
        assertThat(waitingForMore.get(30, TimeUnit.SECONDS)).isFalse();
        assertThatThrownBy(() -> q.append(reading(1))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anInterruptedCallerDoesNotBreakTheQueue() throws Exception {
        try (StoreAndForwardQueue q = StoreAndForwardQueue.open(dir, QueueOptions.defaults())) {
            q.append(reading(0));
            // a pending interrupt: FileChannel would close itself on the first I/O
            Thread.currentThread().interrupt();
            assertThat(q.append(reading(1))).isEqualTo(1);
            assertThat(q.read(0, 10, Long.MAX_VALUE)).hasSize(2);
            q.acknowledge(0);
            assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
            // an interrupt that closes a channel for real: the next caller gets a reopened one
            Thread t = new Thread(() -> {
                Thread.currentThread().interrupt();
                try {
                    java.lang.reflect.Field f = SegmentedLogQueue.class.getDeclaredField("segments");
                    f.setAccessible(true);
                    Object seg = ((List<?>) f.get(q)).get(0);
                    java.lang.reflect.Field ch = seg.getClass().getDeclaredField("channel");
                    ch.setAccessible(true);
                    ((java.nio.channels.FileChannel) ch.get(seg)).read(java.nio.ByteBuffer.allocate(1), 0);
                } catch (java.nio.channels.ClosedByInterruptException expected) {
                    // this is what an interrupt during I/O does
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            t.join();
            assertThat(q.append(reading(2))).isEqualTo(2);
            assertThat(q.read(1, 10, Long.MAX_VALUE)).extracting(StoredRecord::position).containsExactly(1L, 2L);
        }
        try (StoreAndForwardQueue q = StoreAndForwardQueue.open(dir, QueueOptions.defaults())) {
            assertThat(readAll(q)).extracting(SegmentedLogQueueTest::text)
                    .containsExactly("tank-1 level=1", "tank-1 level=2");
        }
    }

    @Test
    void everyFsyncPolicyStoresTheSameRecords() throws IOException {
        for (FsyncPolicy p : FsyncPolicy.values()) {
            Path d = dir.resolve(p.name());
            QueueOptions o = QueueOptions.defaults().withFsyncPolicy(p).withFsyncEveryRecords(7)
                    .withFsyncIntervalMillis(5);
            try (StoreAndForwardQueue q = StoreAndForwardQueue.open(d, o)) {
                for (int i = 0; i < 50; i++) {
                    q.append(reading(i));
                }
            }
            try (StoreAndForwardQueue q = StoreAndForwardQueue.open(d, o)) {
                assertThat(readAll(q)).as(p.name()).hasSize(50);
            }
        }
    }

    @Test
    void concurrentProducersLoseNothing() throws Exception {
        try (StoreAndForwardQueue q = StoreAndForwardQueue.open(dir,
                QueueOptions.defaults().withSegmentBytes(64 * 1024))) {
            List<CompletableFuture<Void>> producers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int device = t;
                producers.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 5000; i++) {
                        try {
                            q.append(("meter-" + device + " " + i).getBytes(StandardCharsets.UTF_8));
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }));
            }
            // consume while they produce
            int[] next = new int[4];
            long from = 0;
            int seen = 0;
            while (seen < 20000) {
                assertThat(q.awaitRecords(from, 30, TimeUnit.SECONDS)).isTrue();
                List<StoredRecord> batch = q.read(from, 500, Long.MAX_VALUE);
                for (StoredRecord r : batch) {
                    String[] parts = text(r).split(" ");
                    int device = parts[0].charAt(6) - '0';
                    assertThat(Integer.parseInt(parts[1])).isEqualTo(next[device]);
                    next[device]++;
                    seen++;
                }
                from = batch.get(batch.size() - 1).position() + 1;
                q.acknowledge(from - 1);
            }
            CompletableFuture.allOf(producers.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);
            assertThat(next).containsExactly(5000, 5000, 5000, 5000);
            assertThat(q.stats().records()).isZero();
        }
    }
}
