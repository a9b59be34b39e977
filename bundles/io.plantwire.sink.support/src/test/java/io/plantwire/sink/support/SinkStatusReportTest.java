package io.plantwire.sink.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.plantwire.api.stage.SinkDropReason;
import io.plantwire.api.stage.SinkStatus;
import io.plantwire.store.OverflowPolicy;
import io.plantwire.store.QueueOptions;
import io.plantwire.store.StoreAndForwardQueue;
import io.plantwire.store.StoreFullException;
import io.plantwire.store.deadletter.DeadLetterOptions;
import io.plantwire.store.deadletter.DeadLetterStore;
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
            assertThat(s.backlogBytes()).isEqualTo(q.stats().bytes()).isGreaterThan(0);
            assertThat(s.dropped(SinkDropReason.STORE_FULL_DROP_OLDEST)).isEqualTo(q.stats().dropped());
            assertThat(s.dropped(SinkDropReason.REFUSED)).isEqualTo(3);
            assertThat(s.droppedByReason()).containsEntry(SinkDropReason.STORE_FULL_REJECT_NEW, 0L);
            assertThat(s.deadLetters()).isEqualTo(SinkStatus.NOT_REPORTED);
            assertThat(s.lastError()).doesNotContain("s3cret-pw")
                    .contains(q.stats().dropped() + " oldest records dropped: store full (DROP_OLDEST)")
                    .contains("3 messages refused by the broker");
        }
    }

    @Test
    void rejectedRecordsAndDeadLettersAreCountedApart(@TempDir Path dir) throws Exception {
        try (StoreAndForwardQueue q = StoreAndForwardQueue.open(dir.resolve("queue"), QueueOptions.defaults()
                .withMaxBytes(QueueOptions.MIN_MAX_BYTES).withOverflowPolicy(OverflowPolicy.REJECT_NEW));
                DeadLetterStore dl = DeadLetterStore.open(dir.resolve("dead"), DeadLetterOptions.defaults())) {
            byte[] record = new byte[1000];
            int rejected = 0;
            for (int i = 0; i < 100; i++) { // ~100 KB into a 64 KiB store: the newest are refused
                try {
                    q.append(record);
                } catch (StoreFullException full) {
                    rejected++;
                }
            }
            dl.add(new byte[] { 1 }, "plant/a", "0x97", "quota exceeded");
            dl.add(new byte[] { 2 }, "plant/b", "0x97", "quota exceeded");
            dl.replay(1, payload -> { });
            SinkStatus s = SinkStatusReport.of(q.stats(), dl.stats(), "messages")
                    .refused(2, "messages refused by the broker").build(true, 0, null, null);

            assertThat(rejected).isGreaterThan(0);
            assertThat(s.dropped(SinkDropReason.STORE_FULL_REJECT_NEW)).isEqualTo(rejected);
            assertThat(s.dropped(SinkDropReason.STORE_FULL_DROP_OLDEST)).isZero();
            assertThat(s.dropped(SinkDropReason.REFUSED)).isEqualTo(2);
            assertThat(s.dropped()).isEqualTo(rejected + 2L);
            assertThat(s.backlog()).isEqualTo(100 - rejected);
            assertThat(s.backlogBytes()).isEqualTo(q.stats().bytes());
            assertThat(s.deadLetters()).isEqualTo(1); // one replayed
            assertThat(s.deadLettered()).isEqualTo(2);
            assertThat(s.lastError()).contains(rejected + " records rejected: store full (REJECT_NEW)")
                    .contains("1 dead letters kept");
        }
    }

    @Test
    void aQuietSinkHasNoErrorText(@TempDir Path dir) throws Exception {
        try (StoreAndForwardQueue q = StoreAndForwardQueue.open(dir, QueueOptions.defaults())) {
            SinkStatus s = SinkStatusReport.of(q.stats(), DeadLetterStats.EMPTY, "records").build(false, 0, null, null);
            assertThat(s.lastError()).isEmpty();
            assertThat(s.dropped()).isZero();
            assertThat(s.backlogBytes()).isZero();
            // No dead letter store (EMPTY): not reported, which is not the same as none held.
            assertThat(s.deadLetters()).isEqualTo(SinkStatus.NOT_REPORTED);
            assertThat(s.deadLettered()).isEqualTo(SinkStatus.NOT_REPORTED);
        }
    }

    @Test
    void aDrainThreadsStatusIsReportedAsItsDrainSetIt(@TempDir Path dir) throws Exception {
        try (StoreAndForwardQueue q = StoreAndForwardQueue.open(dir, QueueOptions.defaults())) {
            DrainStatus drain = new DrainStatus();
            SinkStatus before = SinkStatusReport.of(q.stats(), DeadLetterStats.EMPTY, "records").build(drain);
            assertThat(before.connected()).isFalse();
            assertThat(before.lastError()).isEmpty();
            assertThat(before.lastDelivery()).isNull();

            drain.connected();
            drain.delivered(5);
            drain.delivered(2);
            drain.error("record 9 refused: token tok-123 expired"); // an error while connected
            SinkStatus s = SinkStatusReport.of(q.stats(), DeadLetterStats.EMPTY, "records").build(drain, "tok-123");
            assertThat(s.connected()).isTrue();
            assertThat(s.delivered()).isEqualTo(7);
            assertThat(s.lastDelivery()).isNotNull();
            assertThat(s.lastError()).isEqualTo("record 9 refused: token *** expired");

            drain.disconnected();
            assertThat(drain.isConnected()).isFalse();
            assertThat(drain.lastError()).as("a disconnect keeps what was wrong").contains("refused");
            drain.connected();
            drain.clearError();
            assertThat(SinkStatusReport.of(q.stats(), DeadLetterStats.EMPTY, "records").build(drain).lastError())
                    .isEmpty();
        }
    }
}
