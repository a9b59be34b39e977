package io.plantwire.test.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ConfigsTest {

    @interface SampleConfig {
        String deviceId();

        int port() default 502;

        String host() default "127.0.0.1";
    }

    @Test
    void givenValuesWinDefaultsFillTheRestAndNullStandsForUnconvertible() {
        SampleConfig c = Configs.of(SampleConfig.class, Map.of("deviceId", "meter-1", "port", 5020, "host", Configs.NULL));
        assertThat(c.deviceId()).isEqualTo("meter-1");
        assertThat(c.port()).isEqualTo(5020);
        assertThat(c.host()).isNull();
        assertThat(Configs.of(SampleConfig.class, Map.of()).port()).isEqualTo(502);
        assertThat(c.annotationType()).isEqualTo(SampleConfig.class);
    }
}
