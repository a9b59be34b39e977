package io.plantwire.api.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StageTimeHistogramTest {

    @Test
    void bucketsFollowTheBoundsWithTheBoundItselfInside() {
        assertThat(StageTimeHistogram.bucketOf(0)).isZero();
        assertThat(StageTimeHistogram.bucketOf(1_000)).isZero();
        assertThat(StageTimeHistogram.bucketOf(1_001)).isEqualTo(1);
        assertThat(StageTimeHistogram.bucketOf(1_000_000_000)).isEqualTo(StageTimeHistogram.BUCKETS - 2);
        assertThat(StageTimeHistogram.bucketOf(Long.MAX_VALUE)).isEqualTo(StageTimeHistogram.BUCKETS - 1);
    }

    @Test
    void countsAreCopiedAndChecked() {
        long[] counts = new long[StageTimeHistogram.BUCKETS];
        counts[3] = 7;
        StageTimeHistogram h = StageTimeHistogram.of(counts);
        counts[3] = 0;
        assertThat(h.count(3)).isEqualTo(7);
        assertThat(h.totalCount()).isEqualTo(7);
        assertThat(h).isEqualTo(StageTimeHistogram.of(h.counts())).isNotEqualTo(StageTimeHistogram.EMPTY);
        assertThatThrownBy(() -> StageTimeHistogram.of(new long[3])).hasMessageContaining("20 entries");
        counts[0] = -1;
        assertThatThrownBy(() -> StageTimeHistogram.of(counts)).hasMessageContaining("counts[0] is negative");
    }

    @Test
    void theOldConstructorHasNoTimes() {
        StageCounters c = new StageCounters(StageKind.SINK, "uns", true, 1, 1, 0, 0, 0, 5);
        assertThat(c.itemTimes()).isSameAs(StageTimeHistogram.EMPTY);
        assertThat(new StageCounters(StageKind.SINK, "uns", true, 1, 1, 0, 0, 0, 5, null).itemTimes())
                .isSameAs(StageTimeHistogram.EMPTY);
    }
}
