package io.plantwire.api.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Value;

class LatestFieldsTest {

    private static final Instant T = Instant.parse("2026-12-07T03:00:00Z");

    private final LatestFields fields = new LatestFields(2);

    @Test
    void givesBackAnEqualFieldValueOfEveryType() {
        FieldValue[] all = {
            new FieldValue(Value.of(12.5), "kW", Quality.GOOD, T),
            new FieldValue(Value.of(-7L), "", Quality.GOOD, T),
            new FieldValue(Value.TRUE, "", Quality.uncertain(Quality.Reason.STALE, "held"), T),
            new FieldValue(Value.of("H2SO4"), "", Quality.GOOD, T),
            new FieldValue(null, "Cel", Quality.bad(Quality.Reason.TIMEOUT, "no reply"), T),
            new FieldValue(Value.of(Double.NaN), "m", Quality.bad(Quality.Reason.OUT_OF_RANGE, "NaN"), T),
        };
        for (FieldValue f : all) {
            fields.set(1, f);
            assertThat(fields.get(1)).isEqualTo(f).isNotSameAs(f);
            assertThat(fields.timestamp(1)).isEqualTo(T);
        }
        assertThat(fields.isSet(0)).isFalse();
        assertThat(fields.get(0)).isNull();
        assertThat(fields.timestamp(0)).isNull();
    }

    @Test
    void aNewTimestampAloneIsNoChange() {
        assertThat(fields.set(0, new FieldValue(Value.of(1.0), "kW", Quality.GOOD, T))).as("first value").isTrue();
        assertThat(fields.set(0, new FieldValue(Value.of(1.0), "kW", Quality.GOOD, T.plusSeconds(1)))).isFalse();
        assertThat(fields.timestamp(0)).isEqualTo(T.plusSeconds(1));
        assertThat(fields.set(0, new FieldValue(Value.of(1.5), "kW", Quality.GOOD, T))).as("value").isTrue();
        assertThat(fields.set(0, new FieldValue(Value.of(1.5), "W", Quality.GOOD, T))).as("unit").isTrue();
        assertThat(fields.set(0, new FieldValue(Value.of(1.5), "W", Quality.bad(Quality.Reason.OUT_OF_RANGE, "x"), T)))
                .as("quality").isTrue();
        assertThat(fields.set(0, new FieldValue(Value.of(1L), "W", Quality.bad(Quality.Reason.OUT_OF_RANGE, "x"), T)))
                .as("1 is not 1.0: another type").isTrue();
    }

    @Test
    void aCopyIsIndependentAndClearForgets() {
        fields.set(0, new FieldValue(Value.of(1.0), "kW", Quality.GOOD, T));
        LatestFields copy = fields.copy();
        copy.set(0, new FieldValue(Value.of(2.0), "kW", Quality.GOOD, T));
        assertThat(fields.get(0).value().asDouble()).isEqualTo(1.0);
        fields.clear(0);
        assertThat(fields.isSet(0)).isFalse();
        assertThat(copy.get(0).value().asDouble()).isEqualTo(2.0);
        assertThat(copy.size()).isEqualTo(2);
    }

    @Test
    void refusesANegativeSizeNamingIt() {
        assertThatThrownBy(() -> new LatestFields(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void aSlotOutsideTheSizeIsRefusedNamingItAndNothingIsKept() {
        assertThatThrownBy(() -> fields.set(2, new FieldValue(Value.of(1.0), "kW", Quality.GOOD, T)))
                .isInstanceOf(ArrayIndexOutOfBoundsException.class).hasMessageContaining("2");
        assertThat(fields.isSet(0)).isFalse();
        assertThat(fields.isSet(1)).isFalse();
    }
}
