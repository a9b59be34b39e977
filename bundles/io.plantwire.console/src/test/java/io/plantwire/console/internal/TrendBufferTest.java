package io.plantwire.console.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrendBufferTest {

    /** Adds points valued 1..n with sequence numbers 10, 20, ... */
    private static TrendBuffer filled(int capacity, int n) {
        TrendBuffer b = new TrendBuffer(capacity);
        for (int i = 1; i <= n; i++) {
            b.add(i * 10L, 1000L + i, i);
        }
        return b;
    }

    @Test
    void keepsPointsOldestFirstUntilFull() {
        TrendBuffer b = filled(300, 40); // crosses the initial array size twice
        TrendBuffer.Trend t = b.snapshot(Long.MAX_VALUE);
        assertThat(t.values()).hasSize(40);
        assertThat(t.values()[0]).isEqualTo(1f);
        assertThat(t.values()[39]).isEqualTo(40f);
        assertThat(t.full()).isTrue();
        assertThat(b.lastSourceTime()).isEqualTo(1040L);
    }

    @Test
    void overwritesTheOldestWhenFull() {
        TrendBuffer b = filled(5, 12);
        assertThat(b.size()).isEqualTo(5);
        assertThat(b.snapshot(Long.MAX_VALUE).values()).containsExactly(8f, 9f, 10f, 11f, 12f);
    }

    @Test
    void sinceGivesOnlyNewerPointsUpToTheCursor() {
        TrendBuffer b = filled(10, 6); // sequences 10..60
        TrendBuffer.Trend t = b.since(30, 50);
        assertThat(t.values()).containsExactly(4f, 5f);
        assertThat(t.full()).isFalse();
        assertThat(b.since(60, 60).values()).isEmpty();
        assertThat(b.since(0, 25).values()).containsExactly(1f, 2f);
        assertThat(b.since(0, 25).full()).isTrue();
    }

    @Test
    void aReaderThatMissedOverwrittenPointsGetsEverythingMarkedFull() {
        TrendBuffer b = filled(4, 4); // 10..40
        b.add(50, 1005, 5); // overwrites 10
        assertThat(b.since(10, 50).full()).as("the reader had 10, lost nothing").isFalse();
        assertThat(b.since(10, 50).values()).containsExactly(2f, 3f, 4f, 5f);
        b.add(60, 1006, 6); // overwrites 20
        b.add(70, 1007, 7); // overwrites 30
        TrendBuffer.Trend t = b.since(20, 70);
        assertThat(t.full()).as("30 was overwritten after the reader's cursor").isTrue();
        assertThat(t.values()).containsExactly(4f, 5f, 6f, 7f);
    }

    @Test
    void shrinkingKeepsTheNewestPointsAndGrowingKeepsAll() {
        TrendBuffer b = filled(6, 9); // wrapped: holds 4..9, sequences 40..90
        b.resize(3);
        assertThat(b.snapshot(Long.MAX_VALUE).values()).containsExactly(7f, 8f, 9f);
        assertThat(b.since(50, 90).full()).as("60 was trimmed after the cursor").isTrue();
        assertThat(b.since(60, 90).full()).isFalse();
        b.resize(10);
        b.add(100, 1010, 10);
        assertThat(b.snapshot(Long.MAX_VALUE).values()).containsExactly(7f, 8f, 9f, 10f);
        assertThat(b.capacity()).isEqualTo(10);
    }

    @Test
    void emptyBufferHasNoSourceTime() {
        TrendBuffer b = new TrendBuffer(3);
        assertThat(b.lastSourceTime()).isEqualTo(Long.MIN_VALUE);
        assertThat(b.snapshot(Long.MAX_VALUE).values()).isEmpty();
        assertThatThrownBy(() -> new TrendBuffer(0)).hasMessageContaining("0");
    }

    @Test
    void sequencesFarApartAreKeptWhileTheyFitAnIntFromTheOldest() {
        TrendBuffer b = new TrendBuffer(10);
        long first = 5_000_000_000L; // beyond int already: the buffer keeps offsets from its own base
        b.add(first, 1, 1);
        b.add(first + Integer.MAX_VALUE, 2, 2);
        assertThat(b.snapshot(Long.MAX_VALUE).values()).containsExactly(1f, 2f);
        assertThat(b.since(first, Long.MAX_VALUE).values()).containsExactly(2f);
        assertThat(b.since(first, Long.MAX_VALUE).full()).isFalse();
        assertThat(b.since(0, first).values()).containsExactly(1f);
    }

    @Test
    void aPointTooFarAfterTheOldestDropsWhatCannotBeToldApartAsLost() {
        TrendBuffer b = new TrendBuffer(10);
        b.add(100, 1, 1);
        b.add(200, 2, 2);
        b.add(3_000_000_000L, 3, 3); // 100 and 200 are more than Integer.MAX_VALUE older
        b.add(3_000_000_100L, 4, 4);
        assertThat(b.size()).isEqualTo(2);
        assertThat(b.snapshot(Long.MAX_VALUE).values()).containsExactly(3f, 4f);
        TrendBuffer.Trend t = b.since(100, Long.MAX_VALUE);
        assertThat(t.full()).as("200 was dropped after the reader's cursor").isTrue();
        assertThat(t.values()).containsExactly(3f, 4f);
        assertThat(b.since(3_000_000_000L, Long.MAX_VALUE).values()).containsExactly(4f);
    }

    @Test
    void aRebaseThatKeepsSomePointsAndWrapsKeepsTheOrderAsTheArraysGrow() {
        TrendBuffer b = new TrendBuffer(100);
        for (int i = 1; i <= 10; i++) {
            b.add(i * 1000L, i, i); // sequences 1000..10000
        }
        long far = 4500L + Integer.MAX_VALUE; // drops 1000..4000, keeps 5000..10000: the ring now starts mid-array
        b.add(far, 11, 11);
        for (int i = 12; i <= 40; i++) { // grows the arrays twice with the ring not starting at 0
            b.add(far + i, i, i);
        }
        float[] expected = new float[36];
        for (int i = 0; i < 36; i++) {
            expected[i] = i + 5;
        }
        assertThat(b.snapshot(Long.MAX_VALUE).values()).containsExactly(expected);
        assertThat(b.since(10_000, Long.MAX_VALUE).values()).hasSize(30).startsWith(11f);
        assertThat(b.since(10_000, Long.MAX_VALUE).full()).as("the reader had 10000; only older points were dropped")
                .isFalse();
    }
}
