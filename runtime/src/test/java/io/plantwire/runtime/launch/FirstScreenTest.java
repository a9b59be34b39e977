package io.plantwire.runtime.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.plantwire.api.text.Redaction;
import io.plantwire.api.text.SafeText;

/** The banner's line per sink: where the data goes, with nothing secret and nothing that forges a terminal line. */
class FirstScreenTest {

    private static FirstScreen.Text text() throws Exception {
        return new FirstScreen.Text(SafeText.class.getMethod("printable", CharSequence.class, int.class),
                Redaction.class.getMethod("redact", String.class));
    }

    @Test
    void anMqttSinkShowsBrokerTopicsAndHowToWatchThem() throws Exception {
        Map<String, Object> p = Map.of("plantwire.stage.name", "uns-mqtt", "broker.url", "tcp://127.0.0.1:1883",
                "topic.prefix", "site-7/", "plantwire.stage.asset.selector", new String[] {"acme/**"});
        assertThat(FirstScreen.describeSink(p::get, text())).isEqualTo("Data -> MQTT tcp://127.0.0.1:1883, topic per "
                + "asset: site-7/<asset path>, assets acme/** (sink 'uns-mqtt'); watch it: mosquitto_sub -h 127.0.0.1 "
                + "-p 1883 -t 'site-7/#' -v");
    }

    @Test
    void credentialsInABrokerUrlAreNotShown() throws Exception {
        Map<String, Object> p = Map.of("plantwire.stage.name", "uns", "broker.url",
                "ssl://plant:s3cret-Passw0rd@broker.example:8883");
        String line = FirstScreen.describeSink(p::get, text());
        assertThat(line).startsWith("Data -> MQTT ssl://broker.example:8883, topic per asset: <asset path>")
                .doesNotContain("s3cret").doesNotContain("plant:").doesNotContain("watch it");
    }

    @Test
    void aKafkaSinkShowsServersAndTopicTemplate() throws Exception {
        Map<String, Object> p = Map.of("plantwire.stage.name", "kafka", "bootstrap.servers", "k1:9092,k2:9092",
                "topic.template", "{site}.{asset}");
        assertThat(FirstScreen.describeSink(p::get, text()))
                .isEqualTo("Data -> Kafka k1:9092,k2:9092, topics {site}.{asset}, assets ** (sink 'kafka')");
    }

    @Test
    void controlCharactersInConfiguredValuesCannotForgeATerminalLine() throws Exception {
        Map<String, Object> p = Map.of("plantwire.stage.name", "x\r\n2026-12-06 SEVERE forged", "bootstrap.servers",
                "k:9092");
        String line = FirstScreen.describeSink(p::get, text());
        assertThat(line).doesNotContain("\n").doesNotContain("\r").contains("x\\r\\n2026-12-06 SEVERE forged");
    }

    @Test
    void aSinkWithoutADestinationOfItsOwnIsNotListed() throws Exception {
        Map<String, Object> p = Map.of("plantwire.stage.name", "console-latest");
        assertThat(FirstScreen.describeSink(p::get, text())).isNull();
    }

    @Test
    void withoutTheApiBundleValuesAreNotShown() {
        Map<String, Object> p = Map.of("plantwire.stage.name", "kafka", "bootstrap.servers", "k:9092");
        assertThat(FirstScreen.describeSink(p::get, new FirstScreen.Text(null, null)))
                .isEqualTo("Data -> Kafka (not shown), topics (not shown), assets (not shown) (sink '(not shown)')");
    }
}
