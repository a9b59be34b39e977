package io.plantwire.test.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @interface PropertyConfig {
        String mqtt_broker_url() default "tcp://127.0.0.1:1883";

        String _sasl_password() default "";

        String max__size() default "";

        String dash$_$ed() default "";
    }

    @Test
    void pairsAreAttributeNamesAndValues() {
        SampleConfig c = Configs.of(SampleConfig.class, "deviceId", "meter-2", "port", 1502);
        assertThat(c.deviceId()).isEqualTo("meter-2");
        assertThat(c.port()).isEqualTo(1502);
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThatThrownBy(() -> Configs.of(SampleConfig.class, "deviceId")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 items");
        assertThatThrownBy(() -> Configs.of(SampleConfig.class, 7, "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("item 0");
    }

    @Test
    void propertiesAreKeyedTheWayDsMapsAttributeNames() {
        PropertyConfig c = Configs.ofProperties(PropertyConfig.class, Map.of("mqtt.broker.url", "tcp://h:1",
                ".sasl.password", "pw", "max_size", "9", "dash-ed", "d"));
        assertThat(c.mqtt_broker_url()).isEqualTo("tcp://h:1");
        assertThat(c._sasl_password()).isEqualTo("pw");
        assertThat(c.max__size()).isEqualTo("9");
        assertThat(c.dash$_$ed()).isEqualTo("d");
        assertThat(Configs.ofProperties(PropertyConfig.class, Map.of("mqtt_broker_url", "ignored")).mqtt_broker_url())
                .isEqualTo("tcp://127.0.0.1:1883");
        assertThat(Configs.propertyName("a$$b$c")).isEqualTo("a$bc");
    }
}
