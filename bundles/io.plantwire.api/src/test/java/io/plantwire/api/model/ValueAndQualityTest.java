package io.plantwire.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class ValueAndQualityTest {

    @Test
    void typedValuesConvertExplicitly() {
        assertThat(Value.of(42L).type()).isEqualTo(Value.Type.INTEGER);
        assertThat(Value.of(42L).asDouble()).isEqualTo(42.0);
        assertThat(Value.of(2.75).asLong()).isEqualTo(2L);
        assertThat(Value.of(true).asLong()).isEqualTo(1L);
        assertThat(Value.of(0.0).asBoolean()).isFalse();
        assertThat(Value.of("B-42").asString()).isEqualTo("B-42");
        assertThat(Value.of(1.5).asString()).isEqualTo("1.5");
        assertThatThrownBy(() -> Value.of("abc").asDouble()).hasMessageContaining("\"abc\"");
    }

    @Test
    void valuesOfDifferentTypesAreNotEqual() {
        assertThat(Value.of(1L)).isNotEqualTo(Value.of(1.0)).isNotEqualTo(Value.TRUE);
        assertThat(Value.of(1.0)).isEqualTo(Value.of(1.0)).hasSameHashCodeAs(Value.of(1.0));
        assertThat(Value.of(Double.NaN)).isEqualTo(Value.of(Double.NaN));
    }

    @Test
    void floatingValuesKeepEveryDoubleExactly() {
        for (double d : new double[] { -0.0, Double.MIN_VALUE, -Double.MAX_VALUE, Double.NEGATIVE_INFINITY,
                1.2345678901234567e-300, (double) 1.2345678f }) {
            assertThat(Double.doubleToRawLongBits(Value.of(d).asDouble())).as("%s", d)
                    .isEqualTo(Double.doubleToRawLongBits(d));
        }
        // NaNs with other payloads are one value; -0.0 and 0.0 stay two (as Double.equals has them)
        assertThat(Value.of(Double.longBitsToDouble(0x7ff8_0000_0000_0001L))).isEqualTo(Value.of(Double.NaN))
                .hasSameHashCodeAs(Value.of(Double.NaN));
        assertThat(Value.of(-0.0)).isNotEqualTo(Value.of(0.0));
        // an integer and a floating value with the same 64 bits are different values
        assertThat(Value.of(Double.doubleToLongBits(2.5))).isNotEqualTo(Value.of(2.5));
        assertThat(Value.of(Long.MIN_VALUE).asLong()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void qualityCarriesAMachineReadableReason() {
        Quality q = Quality.deviceException(2, "illegal data address");
        assertThat(q.isBad()).isTrue();
        assertThat(q.reason()).isEqualTo(Quality.Reason.DEVICE_EXCEPTION);
        assertThat(q.code()).isEqualTo(2);
        assertThat(q.toString()).isEqualTo("BAD(DEVICE_EXCEPTION 2: illegal data address)");
        assertThat(Quality.GOOD.toString()).isEqualTo("GOOD");
    }

    @Test
    void goodHasNoReasonAndBadNeedsOne() {
        assertThatThrownBy(() -> new Quality(Quality.Status.GOOD, Quality.Reason.TIMEOUT, 0, ""))
                .hasMessageContaining("TIMEOUT");
        assertThatThrownBy(() -> new Quality(Quality.Status.BAD, Quality.Reason.NONE, 0, ""))
                .hasMessageContaining("needs a reason");
        assertThatThrownBy(() -> PointSample.bad(Quality.GOOD, Instant.EPOCH)).isInstanceOf(
                IllegalArgumentException.class);
    }

    @Test
    void worstPicksBadOverUncertainOverGood() {
        Quality stale = Quality.uncertain(Quality.Reason.STALE, "");
        Quality timeout = Quality.bad(Quality.Reason.TIMEOUT, "");
        assertThat(Quality.GOOD.worst(stale)).isEqualTo(stale);
        assertThat(stale.worst(timeout)).isEqualTo(timeout);
        assertThat(timeout.worst(Quality.GOOD)).isEqualTo(timeout);
    }
}
