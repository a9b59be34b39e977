package io.plantwire.console.internal;

import static io.plantwire.console.internal.LatestRecordSinkTest.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConsoleSettingsTest {

    @Test
    void defaultsAreValid() {
        ConsoleSettings s = ConsoleSettings.from(config(100, 300, 32, 2000));
        assertThat(s).isEqualTo(ConsoleSettings.DEFAULTS);
    }

    @Test
    void anOutOfRangeValueIsRejectedNamingTheFieldAndTheValue() {
        assertThatThrownBy(() -> ConsoleSettings.from(config(0, 300, 32, 2000)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max.assets = 0").hasMessageContaining("1..10000");
        assertThatThrownBy(() -> ConsoleSettings.from(config(100, 1, 32, 2000)))
                .hasMessageContaining("trend.points = 1");
        assertThatThrownBy(() -> ConsoleSettings.from(config(100, 300, -1, 2000)))
                .hasMessageContaining("trend.fields.per.asset = -1");
        assertThatThrownBy(() -> ConsoleSettings.from(config(100, 300, 32, 100)))
                .hasMessageContaining("refresh.interval.ms = 100").hasMessageContaining("500..60000");
        assertThatThrownBy(() -> ConsoleSettings.from(config(100, 300, 32, 2000, -1)))
                .hasMessageContaining("trend.spacing.ms = -1").hasMessageContaining("0..60000");
    }

    @Test
    void theConstructorsOfBothComponentsValidate() {
        assertThatThrownBy(() -> new LatestRecordSink(config(100, 300, 32, 99_999)))
                .hasMessageContaining("refresh.interval.ms = 99999");
        LatestRecordSink sink = new LatestRecordSink(config(100, 300, 32, 2000));
        assertThatThrownBy(() -> new PlantwireConsolePlugin(config(100, 5000, 32, 2000), sink))
                .hasMessageContaining("trend.points = 5000");
        assertThatThrownBy(() -> sink.modified(config(20_000, 300, 32, 2000)))
                .hasMessageContaining("max.assets = 20000");
        assertThat(sink.settings().maxAssets()).isEqualTo(100);
    }
}
