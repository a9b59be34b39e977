package io.plantwire.console.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrendBufferTest {

    @Test
    void keepsPointsOldestFirstUntilFull() {
        TrendBuffer b = new TrendBuffer(300);
        for (int i = 0; i < 40; i++) { // crosses the initial array size twice
            b.add(1000L + i, i * 1.5);
        }
        TrendBuffer.Trend t = b.snapshot();
        assertThat(t.values()).hasSize(40);
        assertThat(t.values()[0]).isEqualTo(0f);
        assertThat(t.values()[39]).isEqualTo(58.5f);
        assertThat(t.times()[0]).isEqualTo(1000L);
        assertThat(b.lastTime()).isEqualTo(1039L);
    }

    @Test
    void overwritesTheOldestWhenFull() {
        TrendBuffer b = new TrendBuffer(5);
        for (int i = 1; i <= 12; i++) {
            b.add(i, i);
        }
        assertThat(b.size()).isEqualTo(5);
        assertThat(b.snapshot().values()).containsExactly(8f, 9f, 10f, 11f, 12f);
        assertThat(b.snapshot().times()).containsExactly(8L, 9L, 10L, 11L, 12L);
    }

    @Test
    void shrinkingKeepsTheNewestPointsAndGrowingKeepsAll() {
        TrendBuffer b = new TrendBuffer(6);
        for (int i = 1; i <= 9; i++) { // wrapped: holds 4..9
            b.add(i, i);
        }
        b.resize(3);
        assertThat(b.snapshot().values()).containsExactly(7f, 8f, 9f);
        b.resize(10);
        b.add(10, 10);
        assertThat(b.snapshot().values()).containsExactly(7f, 8f, 9f, 10f);
        assertThat(b.capacity()).isEqualTo(10);
    }

    @Test
    void emptyBufferHasNoLastTime() {
        TrendBuffer b = new TrendBuffer(3);
        assertThat(b.lastTime()).isEqualTo(Long.MIN_VALUE);
        assertThat(b.snapshot().values()).isEmpty();
        assertThatThrownBy(() -> new TrendBuffer(0)).hasMessageContaining("0");
    }
}
