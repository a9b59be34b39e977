package io.plantwire.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.plantwire.api.model.ContextValue;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Isa95Path;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Value;

class TerminalTickerTest {

    private static final Instant T = Instant.parse("2026-11-25T16:04:12Z");

    @Test
    void oneLineShowsFieldsWithUnitsQualityAndChosenContext() {
        AssetView tank = new AssetView(Isa95Path.parse("acme/rotterdam/tankfarm/line-1/cell-a/tank-1"),
                "ChemicalTank", T, T, 3,
                List.of(new AssetView.FieldView("power", new FieldValue(Value.of(12.34567), "kW", Quality.GOOD, T),
                        null),
                        new AssetView.FieldView("temperature", new FieldValue(Value.of(180.0), "Cel",
                                Quality.bad(Quality.Reason.OUT_OF_RANGE, "above 150"), T), null)),
                Map.of("batchId", new ContextValue("B-1001", T, true), "capacityM3", ContextValue.of("50", T)));

        String line = TerminalTicker.line(tank, List.of("batchId", "product"));

        assertThat(line).isEqualTo("[acme/rotterdam/tankfarm/line-1/cell-a/tank-1 16:04:12]  power=12.346 kW"
                + "  temperature=180.000 Cel BAD(OUT_OF_RANGE)  | batchId=B-1001 (stale)");
    }

    @Test
    void escapeSequencesAndLineBreaksFromDevicesAndTheMesAreEscapedAndLongTextIsCut() {
        AssetView tank = new AssetView(Isa95Path.parse("acme/rotterdam/tankfarm/line-1/cell-a/tank-1"),
                "ChemicalTank", T, T, 3,
                List.of(new AssetView.FieldView("label", new FieldValue(Value.of("\u001b]0;owned\u0007\u001b[2Jok"), "",
                        Quality.GOOD, T), null)),
                Map.of("batchId", ContextValue.of("B-1\n[plantwire] fake line \u001b[31m", T), "product",
                        ContextValue.of("x".repeat(500), T)));

        String line = TerminalTicker.line(tank, List.of("batchId", "product"));

        assertThat(line).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\n");
        assertThat(line).contains("label=\\x1b]0;owned\\x07\\x1b[2Jok")
                .contains("batchId=B-1\\n[plantwire] fake line \\x1b[31m")
                .contains("product=" + "x".repeat(TerminalTicker.MAX_CHARS) + "…(420 more)");
    }

    @Test
    void anInvalidIntervalNamesTheAttributeAndValue() {
        TerminalConfig config = new TerminalConfig() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return TerminalConfig.class;
            }

            @Override
            public int intervalSeconds() {
                return 0;
            }

            @Override
            public String[] contextKeys() {
                return new String[0];
            }
        };
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TerminalTicker(null, config))
                .hasMessageContaining("intervalSeconds '0'");
    }
}
