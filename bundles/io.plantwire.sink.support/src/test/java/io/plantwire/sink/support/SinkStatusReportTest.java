package io.plantwire.sink.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.plantwire.api.stage.SinkStatus;
import io.plantwire.store.OverflowPolicy;
import io.plantwire.store.QueueOptions;
import io.plantwire.store.StoreAndForwardQueue;
import io.plantwire.store.deadletter.DeadLetterStats;

class SinkStatusReportTest {

    @Test
    void countsDropsRefusalsAndMasksSecrets(@TempDir Path dir) throws Exception {
        try (StoreAndForwardQueue q = StoreAndForwardQueue.open(dir, QueueOptions.defaults()
                .withMaxBytes(QueueOptions.MIN_MAX_BYTES).withOverflowPolicy(OverflowPolicy.DROP_OLDEST))) {
            byte[] record = new byte[1000];
            for (int i = 0; i < 100; i++) { // ~100 KB into a 64 KiB store: the oldest go
                q.append(record);
            }
            SinkStatus s = SinkStatusReport.of(q.stats(), DeadLetterStats.EMPTY, "messages")
                    .refused(3, "messages refused by the broker")
                    .build(true, 17, "connect failed: password s3cret-pw rejected", null, "s3cret-pw");
            assertThat(s.backlog()).isEqualTo(q.stats().records()).isLessThan(100);
            assertThat(s.dropped()).isEqualTo(q.stats().dropped() + 3).isGreaterThan(3);
            assertThat(s.delivered()).isEqualTo(17);
            assertThat(s.connected()).isTrue();
            assertThat(s.lastError()).doesNotContain("s3cret-pw")
                    .contains(q.stats().dropped() + " oldest records dropped: store full (DROP_OLDEST)")
                    .contains("3 messages refused by the broker");
        }
    }

    @Test
    void aQuietSinkHasNoErrorText(@TempDir Path dir) throws Exception {
        try (StoreAndForwardQueue q = StoreAndForwardQueue.open(dir, QueueOptions.defaults())) {
            SinkStatus s = SinkStatusReport.of(q.stats(), DeadLetterStats.EMPTY, "records").build(false, 0, null, null);
            assertThat(s.lastError()).isEmpty();
            assertThat(s.dropped()).isZero();
        }
    }
}
