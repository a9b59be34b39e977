package io.plantwire.sink.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.plantwire.test.support.Configs;

/** activate fails with a message naming the attribute and the value, and leaves nothing behind. */
class ConfigurationValidationTest {

    @TempDir
    Path dir;

    private void assertSinkRejects(Map<String, Object> values, String... messageParts) {
        Map<String, Object> c = new HashMap<>(values);
        c.put("store.directory", dir.resolve("store").toString());
        assertThatThrownBy(() -> new KafkaSink(Configs.ofProperties(KafkaSinkConfig.class, c), (Path) null))
                .isInstanceOf(IllegalArgumentException.class).message().contains(messageParts);
        assertThat(Files.exists(dir.resolve("store"))).as("store opened for an invalid configuration").isFalse();
    }

    @Test
    void sinkNamesTheFieldAndTheValue() {
        assertSinkRejects(Map.of("bootstrap.servers", "broker-without-port"), "bootstrap.servers",
                "broker-without-port");
        assertSinkRejects(Map.of("bootstrap.servers", "kafka:99999"), "bootstrap.servers", "kafka:99999");
        assertSinkRejects(Map.of("compression.type", "brotli"), "compression.type", "brotli");
        assertSinkRejects(Map.of("topic.template", "{plant}.{asset}"), "topic.template", "{plant}");
        assertSinkRejects(Map.of("security.protocol", "SASL_SSL"), "sasl.username");
        assertSinkRejects(Map.of("security.protocol", "SASL_SSL", "sasl.username", "gw", "sasl.mechanism",
                "GSSAPI"), "sasl.mechanism", "GSSAPI");
        assertSinkRejects(Map.of("security.protocol", "SSL", "ssl.truststore.location", "/nonexistent/ca.p12"),
                "ssl.truststore.location", "/nonexistent/ca.p12");
        assertSinkRejects(Map.of("delivery.timeout.ms", 1000, "request.timeout.ms", 30000), "delivery.timeout.ms",
                "1000");
        assertSinkRejects(Map.of("producer.properties", new String[] { "acks=1" }), "producer.properties", "acks");
        assertSinkRejects(Map.of("producer.properties", new String[] { "nonsense" }), "producer.properties",
                "nonsense");
        assertSinkRejects(Map.of("store.overflow.policy", "DROP_NEWEST"), "store.overflow.policy", "DROP_NEWEST");
        assertSinkRejects(Map.of("store.max.bytes", 1000L), "store.max.bytes", "1000");
        assertSinkRejects(Map.of("plantwire.stage.name", " "), "plantwire.stage.name");
        assertSinkRejects(Map.of("deadletter.full.policy", "KEEP_ALL"), "deadletter.full.policy", "KEEP_ALL");
        assertSinkRejects(Map.of("deadletter.max.records", 0L), "deadletter.max.records", "0");
        assertSinkRejects(Map.of("deadletter.max.bytes", 4096L), "deadletter.max.bytes", "4096");
        assertSinkRejects(Map.of("refusal.retry.max.attempts", 0), "refusal.retry.max.attempts", "0");
        assertSinkRejects(Map.of("forward.max.inflight.records", 0), "forward.max.inflight.records", "0");
        assertSinkRejects(Map.of("retry.backoff.min.ms", 0L), "retry.backoff.min.ms (0)");
        assertSinkRejects(Map.of("retry.backoff.min.ms", 5000L, "retry.backoff.max.ms", 1000L),
                "retry.backoff.min.ms (5000)", "retry.backoff.max.ms (1000)");
    }

    @Test
    void bridgeNamesTheFieldAndTheValue() {
        Map<String, Object> c = new HashMap<>();
        c.put("store.directory", dir.resolve("bridge").toString());
        c.put("mqtt.topic.filters", new String[] { "acme/#/tank" });
        assertThatThrownBy(() -> new MqttKafkaBridge(Configs.ofProperties(MqttKafkaBridgeConfig.class, c), (Path) null))
                .message().contains("mqtt.topic.filters", "acme/#/tank");
        c.put("mqtt.topic.filters", new String[] { "acme/#" });
        c.put("mqtt.qos", 3);
        assertThatThrownBy(() -> new MqttKafkaBridge(Configs.ofProperties(MqttKafkaBridgeConfig.class, c), (Path) null))
                .message().contains("mqtt.qos", "3");
        c.put("mqtt.qos", 1);
        c.put("mqtt.broker.url", "http://broker:1883");
        assertThatThrownBy(() -> new MqttKafkaBridge(Configs.ofProperties(MqttKafkaBridgeConfig.class, c), (Path) null))
                .message().contains("mqtt.broker.url", "http://broker:1883");
        c.put("mqtt.broker.url", "tcp://127.0.0.1:1883");
        c.put("kafka.topic.template", "{site}");
        assertThatThrownBy(() -> new MqttKafkaBridge(Configs.ofProperties(MqttKafkaBridgeConfig.class, c), (Path) null))
                .message().contains("kafka.topic.template", "{site}");
        c.remove("kafka.topic.template");
        c.put("forward.max.inflight.records", 0);
        assertThatThrownBy(() -> new MqttKafkaBridge(Configs.ofProperties(MqttKafkaBridgeConfig.class, c), (Path) null))
                .message().contains("forward.max.inflight.records", "0");
        c.remove("forward.max.inflight.records");
        c.put("retry.backoff.min.ms", 5000L);
        c.put("retry.backoff.max.ms", 1000L);
        assertThatThrownBy(() -> new MqttKafkaBridge(Configs.ofProperties(MqttKafkaBridgeConfig.class, c), (Path) null))
                .message().contains("retry.backoff.min.ms (5000)", "retry.backoff.max.ms (1000)");
        assertThat(Files.exists(dir.resolve("bridge"))).isFalse();
    }

    @Test
    void saslAndTlsSettingsReachTheProducerAndPasswordsStayOutOfToString() {
        Map<String, Object> c = new HashMap<>();
        c.put("security.protocol", "SASL_SSL");
        c.put("sasl.mechanism", "SCRAM-SHA-512");
        c.put("sasl.username", "gateway-7");
        c.put(".sasl.password", "s3cr\"et");
        c.put("ssl.truststore.location", "/etc/plantwire/ca.p12");
        c.put(".ssl.truststore.password", "trust-pw");
        c.put("ssl.hostname.verification", false);
        ProducerSettings s = KafkaSink.producerSettings(Configs.ofProperties(KafkaSinkConfig.class, c));
        Properties p = s.toProperties();
        assertThat(p).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"gateway-7\" password=\"s3cr\\\"et\";")
                .containsEntry("ssl.truststore.location", "/etc/plantwire/ca.p12")
                .containsEntry("ssl.truststore.password", "trust-pw")
                .containsEntry("ssl.endpoint.identification.algorithm", "")
                .containsEntry("acks", "all").containsEntry("enable.idempotence", "true")
                .containsEntry("max.in.flight.requests.per.connection", "5");
        assertThat(s.toString()).contains("gateway-7").doesNotContain("s3cr").doesNotContain("trust-pw");
    }

    @Test
    void secretsInProducerPropertiesAndUrlsStayOutOfConfigurationErrors() {
        Map<String, Object> c = new HashMap<>();
        c.put("store.directory", dir.resolve("store").toString());
        c.put("producer.properties", new String[] { "ssl.key.password: Kp-4711" });
        assertThatThrownBy(() -> new KafkaSink(Configs.ofProperties(KafkaSinkConfig.class, c), (Path) null))
                .hasMessageContaining("producer.properties entry 'ssl.key.password: ***' is not key=value")
                .hasMessageNotContaining("Kp-4711");

        Map<String, Object> b = new HashMap<>();
        b.put("store.directory", dir.resolve("bridge").toString());
        b.put("mqtt.topic.filters", new String[] { "acme/#" });
        b.put("mqtt.broker.url", "mqtt://gw:Mq-4711@broker:1883");
        assertThatThrownBy(() -> new MqttKafkaBridge(Configs.ofProperties(MqttKafkaBridgeConfig.class, b), (Path) null))
                .hasMessageContaining("mqtt.broker.url").hasMessageContaining("mqtt://gw:***@broker:1883")
                .hasMessageNotContaining("Mq-4711");
    }

    @Test
    void theConfiguredSecretsAreKnownForMaskingStatusText() {
        Map<String, Object> c = new HashMap<>();
        c.put("security.protocol", "SASL_SSL");
        c.put("sasl.username", "gateway-7");
        c.put(".sasl.password", "Sasl-pw-1");
        c.put(".ssl.truststore.password", "Trust-pw-2");
        c.put(".ssl.key.password", "Key-pw-3");
        c.put("producer.properties", new String[] { "sasl.oauthbearer.client.secret=Oauth-4", "linger.ms=7" });
        ProducerSettings s = KafkaSink.producerSettings(Configs.ofProperties(KafkaSinkConfig.class, c));

        assertThat(s.knownSecrets()).containsExactlyInAnyOrder("Sasl-pw-1", "Trust-pw-2", "Key-pw-3", "Oauth-4");
        String status = io.plantwire.api.text.Redaction.redact("login with Sasl-pw-1 failed; client secret Oauth-4",
                s.knownSecrets());
        assertThat(status).isEqualTo("login with *** failed; client secret ***");
    }
}
