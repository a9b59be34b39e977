package io.plantwire.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class BadSampleTest {

    private static final Quality TIMEOUT = Quality.bad(Quality.Reason.TIMEOUT, "no answer in 1000 ms");

    @Test
    void aBadSampleCarriesNoValue() {
        PointSample s = PointSample.bad(TIMEOUT, Instant.EPOCH, "kW");
        assertThat(s.hasValue()).isFalse();
        assertThat(s.value()).isNull();
        assertThat(s.unit()).isEqualTo("kW");
    }

    @Test
    void aPlaceholderGivenWithBadQualityIsDropped() {
        // What drivers built against 1.0/1.1 do: a fake 0 next to BAD.
        PointSample s = new PointSample(Value.of(0L), TIMEOUT, Instant.EPOCH, "");
        assertThat(s.hasValue()).isFalse();
        assertThat(FieldValue.from(s, "").hasValue()).isFalse();
        assertThat(FieldValue.from(s, "").value()).isNull();
    }

    @Test
    void uncertainAndGoodSamplesNeedAValue() {
        assertThatThrownBy(() -> new PointSample(null, Quality.GOOD, Instant.EPOCH, ""))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new PointSample(null, Quality.uncertain(Quality.Reason.STALE, ""), Instant.EPOCH, ""))
                .isInstanceOf(NullPointerException.class);
        assertThat(new PointSample(Value.of(1.5), Quality.uncertain(Quality.Reason.STALE, ""), Instant.EPOCH, "").value())
                .isEqualTo(Value.of(1.5));
    }

    @Test
    void badNeedsABadQuality() {
        assertThatThrownBy(() -> PointSample.bad(Quality.uncertain(Quality.Reason.STALE, ""), Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BAD");
    }

    @Test
    void aFieldWithoutValueCannotBecomeGood() {
        FieldValue f = FieldValue.from(PointSample.bad(TIMEOUT, Instant.EPOCH), "");
        assertThatThrownBy(() -> f.withQuality(Quality.GOOD)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("only a BAD field");
    }

    @Test
    void aStageMayMarkARealValueBadAndKeepIt() {
        FieldValue f = new FieldValue(Value.of(900.0), "Cel", Quality.GOOD, Instant.EPOCH)
                .withQuality(Quality.bad(Quality.Reason.OUT_OF_RANGE, "above 200"));
        assertThat(f.hasValue()).isTrue();
        assertThat(f.value()).isEqualTo(Value.of(900.0));
    }
}
