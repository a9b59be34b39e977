package io.plantwire.config.snapshots.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SecretCheckTest {

    private static List<String> secretsIn(Map<String, Object> props, Set<String> passwords) {
        return SecretCheck.plaintextSecrets(SiteConfiguration.of(Map.of("p", props), List.of(), List.of()),
                Map.of("p", passwords));
    }

    @Test
    void referencesMayBeExported() {
        assertThat(secretsIn(Map.of("password", "$[secret:mqtt]", "sasl.password", "$[env:KAFKA_PW]",
                "apiToken", "", "useToken", true, "brokerUrl", "ssl://$[env:MQTT_USER]:$[secret:mqtt]@broker:8883"),
                Set.of())).isEmpty();
    }

    @Test
    void plaintextSecretsAreNamed() {
        assertThat(secretsIn(Map.of("password", "hunter2"), Set.of())).containsExactly("p, property password");
        assertThat(secretsIn(Map.of("credential", "x"), Set.of("credential"))).containsExactly("p, property credential");
        assertThat(secretsIn(Map.of("pin", "1234"), Set.of("pin"))).containsExactly("p, property pin");
        assertThat(secretsIn(Map.of("url", "mqtt://user:hunter2@broker:1883"), Set.of()))
                .containsExactly("p, property url");
        assertThat(secretsIn(Map.of("authToken", new String[] {"$[secret:a]", "plain"}), Set.of()))
                .containsExactly("p, property authToken");
    }
}
