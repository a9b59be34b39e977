package io.plantwire.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.plantwire.store.QueueOptions;
import io.plantwire.store.StoreAndForwardQueue;
import io.plantwire.store.StoredRecord;

/** A read copies its records out under the queue's lock and decodes them after it ({@link CopiedRecords}). */
class ReadOutsideLockTest {

    @TempDir
    Path dir;

    private static byte[] record(int n, int length) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) n);
        return b;
    }

    @Test
    void anAppendDoesNotWaitForTheDecoderOfARead() throws Exception {
        try (StoreAndForwardQueue q = StoreAndForwardQueue.open(dir, QueueOptions.defaults())) {
            q.append(record(1, 10));
            CountDownLatch decoding = new CountDownLatch(1);
            CountDownLatch appended = new CountDownLatch(1);
            CompletableFuture<List<Boolean>> read = CompletableFuture.supplyAsync(() -> {
                try {
                    return q.read(0, 10, Long.MAX_VALUE, (position, at, bytes) -> {
                        decoding.countDown();
                        try {
                            // the append below must get through while this decoder runs
                            return appended.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return false;
                        }
                    });
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(decoding.await(30, TimeUnit.SECONDS)).as("the decoder ran").isTrue();
            assertThat(q.append(record(2, 10))).isEqualTo(1);
            appended.countDown();
            assertThat(read.get(30, TimeUnit.SECONDS)).as("the append finished while the decoder waited")
                    .containsExactly(true);
        }
    }

    @Test
    void aReadCopiesAtMost128KiBButAlwaysItsFirstRecord() throws IOException {
        try (StoreAndForwardQueue q = StoreAndForwardQueue.open(dir, QueueOptions.defaults())) {
            for (int i = 0; i < 300; i++) {
                q.append(record(i, 1024));
            }
            q.append(record(7, 200 * 1024)); // position 300: larger than a read's bound alone
            q.append(record(8, 1024));

            List<Integer> sizes = new ArrayList<>();
            List<StoredRecord> all = new ArrayList<>();
            long from = 0;
            for (List<StoredRecord> batch = q.read(from, 1000, Long.MAX_VALUE); !batch.isEmpty();
                    batch = q.read(from, 1000, Long.MAX_VALUE)) {
                sizes.add(batch.size());
                all.addAll(batch);
                from = batch.get(batch.size() - 1).position() + 1;
            }
            // 128 records of 1 KiB fill a read; the 200 KiB record comes alone, the one after it in a read of its own
            assertThat(sizes).containsExactly(128, 128, 44, 1, 1);
            assertThat(all).extracting(StoredRecord::position).containsExactlyElementsOf(
                    LongStream.range(0, 302).boxed().toList());
            assertThat(all.get(127).payload()).isEqualTo(record(127, 1024));
            assertThat(all.get(300).payload()).isEqualTo(record(7, 200 * 1024));
            assertThat(all.get(301).payload()).isEqualTo(record(8, 1024));
        }
    }

    @Test
    void eachRecordIsHandedOverFromItsPositionToItsLimitAndReadOnly() throws IOException {
        try (StoreAndForwardQueue q = StoreAndForwardQueue.open(dir, QueueOptions.defaults())) {
            q.append(new byte[] {1, 2, 3});
            q.append(new byte[0]);
            q.append(new byte[] {4, 5});
            List<String> seen = q.read(0, 10, Long.MAX_VALUE, (position, at, bytes) -> {
                byte[] b = new byte[bytes.remaining()];
                bytes.get(b);
                return position + ":" + Arrays.toString(b) + ":" + bytes.isReadOnly();
            });
            assertThat(seen).containsExactly("0:[1, 2, 3]:true", "1:[]:true", "2:[4, 5]:true");
        }
    }

    @Test
    void aDecoderThatMovesTheBufferDoesNotDisturbTheNextRecord() throws IOException {
        try (StoreAndForwardQueue q = StoreAndForwardQueue.open(dir, QueueOptions.defaults())) {
            q.append(new byte[] {1, 2, 3});
            q.append(new byte[] {4, 5});
            List<Integer> firsts = q.read(0, 10, Long.MAX_VALUE, (position, at, bytes) -> {
                int first = bytes.get(bytes.position());
                ByteBuffer moved = bytes.position(bytes.limit()); // consumes it all
                return moved.remaining() == 0 ? first : -1;
            });
            assertThat(firsts).containsExactly(1, 4);
        }
    }
}
