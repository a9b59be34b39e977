package io.plantwire.console.access.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConsoleAccessGuardTest {

    @Test
    void homeComesFromThePropertyThenTheEnvironmentThenTheWorkingDirectory() {
        assertThat(ConsoleAccessGuard.gatewayHome("/srv/plantwire", Map.of("PLANTWIRE_HOME", "/opt/other")))
                .isEqualTo(Path.of("/srv/plantwire"));
        assertThat(ConsoleAccessGuard.gatewayHome(null, Map.of("PLANTWIRE_HOME", "/opt/other")))
                .isEqualTo(Path.of("/opt/other"));
        assertThat(ConsoleAccessGuard.gatewayHome("", Map.of()))
                .isEqualTo(Paths.get(System.getProperty("user.dir")).toAbsolutePath().normalize());
    }

    @Test
    void hashCommandProducesAHashThatTheConsoleAccepts() {
        String hash = new ConsolePasswordCommand().consolehash("reactor-hall-b-key");

        assertThat(hash).startsWith("pbkdf2-sha256:" + PasswordHash.DEFAULT_ITERATIONS + ":");
        assertThat(PasswordHash.parse(hash).matches("reactor-hall-b-key")).isTrue();
    }
}
