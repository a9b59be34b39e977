package io.plantwire.store.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.plantwire.store.QueueOptions;
import io.plantwire.store.StoreAndForwardQueue;
import io.plantwire.store.StoredRecord;

class DeadLetterStoreTest {

    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void keepsReasonCodeTimeAndPayloadAcrossARestart() throws IOException {
        try (DeadLetterStore s = DeadLetterStore.open(dir, DeadLetterOptions.defaults())) {
            assertThat(s.add(bytes("record-1"), "uns/acme/tank-1", "0x90", "Topic Name invalid")).isTrue();
            assertThat(s.add(bytes("record-2"), "acme.tank-2", "RecordTooLargeException", null)).isTrue();
        }
        try (DeadLetterStore s = DeadLetterStore.open(dir, DeadLetterOptions.defaults())) {
            List<DeadLetter> all = s.peek(10);
            assertThat(all).extracting(DeadLetter::code).containsExactly("0x90", "RecordTooLargeException");
            assertThat(all.get(0).destination()).isEqualTo("uns/acme/tank-1");
            assertThat(all.get(0).reason()).isEqualTo("Topic Name invalid");
            assertThat(all.get(1).reason()).isEmpty();
            assertThat(text(all.get(1).payload())).isEqualTo("record-2");
            assertThat(all.get(0).refusedAt()).isNotNull();
            assertThat(s.stats().records()).isEqualTo(2);
        }
    }

    @Test
    void dropOldestEvictsAtTheRecordBoundAndCountsIt() throws IOException {
        try (DeadLetterStore s = DeadLetterStore.open(dir,
                new DeadLetterOptions(3, 1 << 20, DeadLetterFullPolicy.DROP_OLDEST))) {
            for (int i = 0; i < 5; i++) {
                assertThat(s.add(bytes("r" + i), "t", "0x87", "no")).isTrue();
            }
            assertThat(s.peek(10)).extracting(d -> text(d.payload())).containsExactly("r2", "r3", "r4");
            DeadLetterStats st = s.stats();
            assertThat(st.records()).isEqualTo(3);
            assertThat(st.added()).isEqualTo(5);
            assertThat(st.evicted()).isEqualTo(2);
            assertThat(st.discarded()).isZero();
            assertThat(st.lost()).isEqualTo(2);
        }
    }

    @Test
    void dropNewKeepsWhatIsStoredAtTheByteBoundAndCountsIt() throws IOException {
        byte[] big = new byte[20_000];
        try (DeadLetterStore s = DeadLetterStore.open(dir,
                new DeadLetterOptions(100, QueueOptions.MIN_MAX_BYTES, DeadLetterFullPolicy.DROP_NEW))) {
            int stored = 0;
            for (int i = 0; i < 5; i++) {
                if (s.add(big, "t", "0x95", "too large")) {
                    stored++;
                }
            }
            assertThat(stored).isEqualTo(3); // 3 × ~20 KB fit in 64 KiB
            DeadLetterStats st = s.stats();
            assertThat(st.discarded()).isEqualTo(2);
            assertThat(st.evicted()).isZero();
            assertThat(st.bytes()).isLessThanOrEqualTo(QueueOptions.MIN_MAX_BYTES);
            // one larger than the whole bound is discarded under either policy
            assertThat(s.add(new byte[70_000], "t", "0x95", "too large")).isFalse();
            assertThat(s.stats().discarded()).isEqualTo(3);
        }
    }

    @Test
    void replayAppendsInOrderAndRemovesOnlyWhatTheTargetTook() throws IOException {
        try (StoreAndForwardQueue sinkQueue = StoreAndForwardQueue.open(dir.resolve("queue"), QueueOptions.defaults());
                DeadLetterStore s = DeadLetterStore.open(dir.resolve("dead"), DeadLetterOptions.defaults())) {
            for (int i = 0; i < 5; i++) {
                s.add(bytes("r" + i), "t", "0x87", "not authorized");
            }
            SinkDeadLetters letters = new SinkDeadLetters("uns", s, sinkQueue::append);
            assertThat(letters.replay(2)).isEqualTo(2);
            assertThat(sinkQueue.read(0, 10, Long.MAX_VALUE)).extracting(r -> text(r.payload()))
                    .containsExactly("r0", "r1");
            List<String> taken = new ArrayList<>();
            assertThatThrownBy(() -> s.replay(10, p -> {
                if (taken.size() == 1) {
                    throw new IOException("sink queue full");
                }
                taken.add(text(p));
            })).hasMessage("sink queue full");
            assertThat(taken).containsExactly("r2");
            assertThat(s.peek(10)).extracting(d -> text(d.payload())).containsExactly("r3", "r4");
            assertThat(s.stats().replayed()).isEqualTo(3);
            assertThat(letters.replay(100)).isEqualTo(2);
            assertThat(s.stats().records()).isZero();
            assertThat(sinkQueue.read(0, 10, Long.MAX_VALUE)).extracting(StoredRecord::payload)
                    .extracting(DeadLetterStoreTest::text).containsExactly("r0", "r1", "r3", "r4");
            assertThatThrownBy(() -> letters.replay(0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("max");
        }
    }

    @Test
    void longReasonsAreCutAndOptionsAreChecked() throws IOException {
        try (DeadLetterStore s = DeadLetterStore.open(dir, DeadLetterOptions.defaults())) {
            s.add(new byte[0], null, null, "x".repeat(5000));
            assertThat(s.peek(1).get(0).reason()).hasSize(DeadLetterStore.MAX_TEXT);
            assertThat(s.peek(1).get(0).destination()).isEmpty();
        }
        assertThatThrownBy(() -> new DeadLetterOptions(0, 1 << 20, DeadLetterFullPolicy.DROP_NEW))
                .hasMessageContaining("maxRecords").hasMessageContaining("0");
        assertThatThrownBy(() -> new DeadLetterOptions(10, 100, DeadLetterFullPolicy.DROP_NEW))
                .hasMessageContaining("maxBytes").hasMessageContaining("100");
    }
}
