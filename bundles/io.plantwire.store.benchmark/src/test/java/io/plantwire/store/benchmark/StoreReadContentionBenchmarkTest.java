package io.plantwire.store.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.plantwire.store.StoredRecord;

/**
 * The benchmark's state driven by hand (not through JMH): the reader's reads must be full batches of decodable
 * records and keep the backlog between its bounds, or the append's figures would not be the ones of a draining sink.
 */
class StoreReadContentionBenchmarkTest {

    private final StoreReadContentionBenchmark benchmark = new StoreReadContentionBenchmark();

    @BeforeEach
    void open() throws Exception {
        benchmark.payloadBytes = 500;
        benchmark.open();
    }

    @AfterEach
    void close() throws Exception {
        benchmark.close();
    }

    @Test
    void theReaderReadsFullBatchesAndKeepsTheBacklogBetweenItsBounds() throws Exception {
        assertThat(benchmark.queue.stats().records()).isEqualTo(StoreReadContentionBenchmark.BACKLOG_LOW);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 5_000; i++) {
                benchmark.append();
            }
            int read = benchmark.read();
            assertThat(read).as("a full read of 500-byte records").isGreaterThan(100);
            assertThat(benchmark.queue.stats().records())
                    .isBetween((long) StoreReadContentionBenchmark.BACKLOG_LOW,
                            (long) StoreReadContentionBenchmark.BACKLOG_HIGH - 1);
        }
        assertThat(benchmark.queue.stats().acknowledged()).isPositive();
    }

    @Test
    void theDecoderSplitsTopicAndPayload() throws Exception {
        List<StoredRecord> first = benchmark.queue.read(0, 1, Long.MAX_VALUE);
        StoreReadContentionBenchmark.Decoded d = StoreReadContentionBenchmark.decode(0, 0,
                ByteBuffer.wrap(first.get(0).payload()));
        assertThat(d.topic()).isEqualTo("acme/plant-1/chemicals/tank-farm/line-1/tank-1");
        int firstBodyIndex = 1 + d.topic().length();
        assertThat(d.payload()).hasSize(500).startsWith((byte) ('a' + firstBodyIndex % 26));
    }
}
