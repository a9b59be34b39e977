package io.plantwire.store.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.plantwire.store.FsyncPolicy;
import io.plantwire.store.QueueStats;
import io.plantwire.store.StoredRecord;

/**
 * The benchmark's state driven by hand (not through JMH): each invocation must leave a record in the queue (or,
 * for appendAndDrain, a drained and acknowledged one), or the score would count appends that never happened.
 */
class StoreAppendBenchmarkTest {

    private final StoreAppendBenchmark benchmark = new StoreAppendBenchmark();

    @AfterEach
    void close() throws Exception {
        benchmark.close();
    }

    @ParameterizedTest
    @EnumSource(FsyncPolicy.class)
    void everyAppendIsStored(FsyncPolicy fsync) throws Exception {
        open(fsync, 100);

        long first = benchmark.append();
        for (int i = 1; i < 300; i++) {
            benchmark.append();
        }

        QueueStats stats = benchmark.queue.stats();
        assertThat(stats.appended()).isEqualTo(300);
        assertThat(stats.records()).isEqualTo(300);
        assertThat(stats.dropped()).isZero();
        assertThat(stats.diskBytes()).isGreaterThanOrEqualTo(300L * 100);
        List<StoredRecord> stored = benchmark.queue.read(first, 1000, Long.MAX_VALUE);
        assertThat(stored).hasSize(300);
        assertThat(stored.get(299).payload()).hasSize(100).startsWith((byte) 'a', (byte) 'b', (byte) 'c');
    }

    @Test
    void appendAndDrainAcknowledgesEveryFiveHundred() throws Exception {
        open(FsyncPolicy.INTERVAL, 500);

        for (int i = 0; i < 1250; i++) {
            benchmark.appendAndDrain();
        }

        QueueStats stats = benchmark.queue.stats();
        assertThat(stats.appended()).isEqualTo(1250);
        assertThat(stats.acknowledged()).isEqualTo(1000);
        assertThat(stats.records()).isEqualTo(250);
        assertThat(benchmark.queue.read(0, 1000, Long.MAX_VALUE)).hasSize(250)
                .allSatisfy(r -> assertThat(r.payload()).hasSize(500));
    }

    private void open(FsyncPolicy fsync, int payloadBytes) throws Exception {
        benchmark.fsync = fsync;
        benchmark.payloadBytes = payloadBytes;
        benchmark.open();
    }
}
