package io.plantwire.api.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SinkStatusTest {

    private static final Instant T = Instant.parse("2026-12-06T12:00:00Z");

    @Test
    @SuppressWarnings("deprecation")
    void theOlderConstructorsReportNoneOfThe12Counts() {
        SinkStatus v11 = new SinkStatus(true, 4, 10, 2, null, T);
        assertThat(v11.lastError()).isEmpty();
        assertThat(v11.oldestRecordTime()).isNull();
        assertThat(v11.backlogBytes()).isEqualTo(SinkStatus.NOT_REPORTED);
        assertThat(v11.deadLetters()).isEqualTo(SinkStatus.NOT_REPORTED);
        assertThat(v11.deadLettered()).isEqualTo(SinkStatus.NOT_REPORTED);
        assertThat(v11.droppedByReason()).isEmpty();
        assertThat(v11.dropped()).isEqualTo(2);
        assertThat(v11.dropped(SinkDropReason.REFUSED)).isZero();
        assertThat(new SinkStatus(true, 4, 10, 2, "", T, T.minusSeconds(1)).oldestRecordTime())
                .isEqualTo(T.minusSeconds(1));
        assertThat(SinkStatus.UNKNOWN.connected()).isFalse();
        assertThat(SinkStatus.UNKNOWN.backlogBytes()).isEqualTo(SinkStatus.NOT_REPORTED);
    }

    @Test
    void theBuilderSumsTheReasonsUnlessTheTotalIsGiven() {
        SinkStatus s = SinkStatus.builder().connected(true).backlog(3, 300).oldestRecordTime(T)
                .delivered(7, T.plusSeconds(1)).dropped(SinkDropReason.STORE_FULL_DROP_OLDEST, 4)
                .dropped(SinkDropReason.REFUSED, 0).deadLetters(1, 5).lastError("x").build();
        assertThat(s.dropped()).isEqualTo(4);
        assertThat(s.droppedByReason()).containsOnlyKeys(SinkDropReason.STORE_FULL_DROP_OLDEST,
                SinkDropReason.REFUSED);
        assertThat(s.backlog()).isEqualTo(3);
        assertThat(s.backlogBytes()).isEqualTo(300);
        assertThat(s.deadLetters()).isEqualTo(1);
        assertThat(s.deadLettered()).isEqualTo(5);
        assertThat(s.lastDelivery()).isEqualTo(T.plusSeconds(1));
        assertThat(SinkStatus.builder().dropped(SinkDropReason.REFUSED, 2).dropped(9).build().dropped())
                .isEqualTo(9);
        assertThat(SinkDropReason.STORE_FULL_REJECT_NEW.label()).isEqualTo("store_full_reject_new");
    }

    @Test
    void theReasonsCannotExceedTheTotalOrBeNegative() {
        assertThatThrownBy(() -> SinkStatus.builder().dropped(SinkDropReason.REFUSED, 5).dropped(4).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("adds up to 5")
                .hasMessageContaining("dropped (4)");
        assertThatThrownBy(() -> SinkStatus.builder().dropped(SinkDropReason.REFUSED, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dropped(REFUSED)")
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> SinkStatus.builder().backlog(1, -2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backlogBytes");
        assertThatThrownBy(() -> new SinkStatus(true, 0, 0, 0, "", null, null, -7, Map.of(), 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backlogBytes")
                .hasMessageContaining("-7");
        assertThatThrownBy(() -> new SinkStatus(true, 0, 0, 0, "", null, null, 0, Map.of(), 0, -2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deadLettered");
        assertThatThrownBy(() -> SinkStatus.builder().deadLetters(-1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deadLetters");
    }

    @Test
    void theMapIsCopiedAndUnmodifiable() {
        Map<SinkDropReason, Long> reasons = new EnumMap<>(SinkDropReason.class);
        reasons.put(SinkDropReason.REFUSED, 1L);
        SinkStatus s = new SinkStatus(false, 0, 0, 1, "", null, null, 0, reasons, 0, 0);
        reasons.put(SinkDropReason.REFUSED, 99L);
        assertThat(s.dropped(SinkDropReason.REFUSED)).isEqualTo(1);
        assertThatThrownBy(() -> s.droppedByReason().put(SinkDropReason.REFUSED, 2L))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
