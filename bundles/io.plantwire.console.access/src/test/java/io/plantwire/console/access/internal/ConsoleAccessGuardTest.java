package io.plantwire.console.access.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void aConfFileIsPendingOnlyWhileTheComponentHasNoConfiguration(@TempDir Path home) throws IOException {
        Path conf = Files.createDirectories(home.resolve("conf"));
        Path deploy = Files.createDirectories(home.resolve("deploy"));
        List<Path> watched = ConsoleAccessGuard.watchedFolders(conf + "," + deploy, home);
        assertThat(watched).containsExactly(conf, deploy);
        assertThat(ConsoleAccessGuard.watchedFolders(null, home)).containsExactly(conf);

        assertThat(ConsoleAccessGuard.pendingConfigurationFile(Map.of(), watched)).isEmpty();

        Path cfg = Files.writeString(conf.resolve("io.plantwire.console.access.cfg"), "username=shift-lead\n");
        assertThat(ConsoleAccessGuard.pendingConfigurationFile(Map.of(), watched)).contains(cfg);
        assertThat(ConsoleAccessGuard.pendingConfigurationFile(
                Map.of("service.pid", "io.plantwire.console.access"), watched)).isEmpty();
    }

    @Test
    void hashCommandProducesAHashThatTheConsoleAccepts() {
        String hash = new ConsolePasswordCommand().consolehash("reactor-hall-b-key");

        assertThat(hash).startsWith("pbkdf2-sha256:" + PasswordHash.DEFAULT_ITERATIONS + ":");
        assertThat(PasswordHash.parse(hash).matches("reactor-hall-b-key")).isTrue();
    }
}
