package io.plantwire.console.access.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleCredentialResolverTest {

    private static final ConsoleCredentialResolver.Configured NOTHING_CONFIGURED =
            new ConsoleCredentialResolver.Configured("plantwire", "", "");

    @TempDir
    Path data;

    private final Map<String, String> env = new HashMap<>();
    private final SecureRandom random = new SecureRandom();

    private ConsoleCredentialResolver resolver() {
        return new ConsoleCredentialResolver(env, data, random);
    }

    private Path credentialsFile() {
        return data.resolve("console-credentials");
    }

    @Test
    void firstStartGeneratesAStrongPasswordStoresItOwnerOnlyAndHandsItOutOnce() throws IOException {
        ConsoleCredentialResolver.Resolution first = resolver().resolve(NOTHING_CONFIGURED);

        assertThat(first.credentials().source()).isEqualTo(ConsoleCredentials.Source.GENERATED);
        assertThat(first.credentials().username()).isEqualTo("plantwire");
        String password = first.generatedPassword().orElseThrow();
        assertThat(password).hasSize(24).matches("[a-km-zA-HJ-NP-Z2-9]{24}");
        assertThat(first.credentials().accepts("plantwire", password)).isTrue();
        assertThat(first.credentials().accepts("admin", "admin")).isFalse();

        assertThat(Files.getPosixFilePermissions(credentialsFile()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(credentialsFile(), StandardCharsets.UTF_8))
                .contains("username=plantwire").contains("password=" + password);
        assertThat(data.resolve("console-credentials.tmp")).doesNotExist();

        // The next start finds the file: same account, nothing to print.
        ConsoleCredentialResolver.Resolution second = resolver().resolve(NOTHING_CONFIGURED);
        assertThat(second.credentials().source()).isEqualTo(ConsoleCredentials.Source.CREDENTIALS_FILE);
        assertThat(second.generatedPassword()).isEmpty();
        assertThat(second.credentials().accepts("plantwire", password)).isTrue();
    }

    @Test
    void everyGatewayGetsItsOwnGeneratedPassword() throws IOException {
        String a = resolver().resolve(NOTHING_CONFIGURED).generatedPassword().orElseThrow();
        Files.delete(credentialsFile());
        String b = resolver().resolve(NOTHING_CONFIGURED).generatedPassword().orElseThrow();

        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void aWidenedCredentialsFileIsTightenedBackToOwnerOnly() throws IOException {
        resolver().resolve(NOTHING_CONFIGURED);
        Files.setPosixFilePermissions(credentialsFile(), PosixFilePermissions.fromString("rw-r--r--"));

        resolver().resolve(NOTHING_CONFIGURED);

        assertThat(Files.getPosixFilePermissions(credentialsFile()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aCredentialsFileWithAWeakPasswordIsRefusedNamingTheFileNotThePassword() throws IOException {
        Files.writeString(credentialsFile(), "username=admin\npassword=admin\n");

        assertThatThrownBy(() -> resolver().resolve(NOTHING_CONFIGURED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(credentialsFile().toString())
                .hasMessageContaining("password is too short")
                .hasMessageNotContaining("=admin");
    }

    @Test
    void environmentPasswordIsUsedAndNothingIsWritten() throws IOException {
        env.put("PLANTWIRE_CONSOLE_PASSWORD", "cooling-water-loop-3");
        env.put("PLANTWIRE_CONSOLE_USERNAME", "shift-lead");

        ConsoleCredentialResolver.Resolution r = resolver().resolve(NOTHING_CONFIGURED);

        assertThat(r.credentials().source()).isEqualTo(ConsoleCredentials.Source.ENVIRONMENT);
        assertThat(r.generatedPassword()).isEmpty();
        assertThat(r.credentials().accepts("shift-lead", "cooling-water-loop-3")).isTrue();
        assertThat(r.credentials().accepts("plantwire", "cooling-water-loop-3")).isFalse();
        assertThat(credentialsFile()).doesNotExist();
    }

    @Test
    void environmentPasswordWithoutUsernameUsesTheConfiguredUsername() throws IOException {
        env.put("PLANTWIRE_CONSOLE_PASSWORD", "cooling-water-loop-3");

        ConsoleCredentialResolver.Resolution r = resolver().resolve(
                new ConsoleCredentialResolver.Configured("operator", "", ""));

        assertThat(r.credentials().accepts("operator", "cooling-water-loop-3")).isTrue();
    }

    @Test
    void weakEnvironmentPasswordIsRefusedNamingTheVariableNotTheValue() {
        env.put("PLANTWIRE_CONSOLE_PASSWORD", "admin");

        assertThatThrownBy(() -> resolver().resolve(NOTHING_CONFIGURED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PLANTWIRE_CONSOLE_PASSWORD")
                .hasMessageContaining("too short")
                .hasMessageNotContaining("'admin'");
        env.put("PLANTWIRE_CONSOLE_PASSWORD", "PASSWORD1234");
        assertThatThrownBy(() -> resolver().resolve(NOTHING_CONFIGURED))
                .hasMessageContaining("well-known default")
                .hasMessageNotContaining("PASSWORD1234");
    }

    @Test
    void configuredPasswordWinsOverEnvironmentAndFile() throws IOException {
        resolver().resolve(NOTHING_CONFIGURED);
        env.put("PLANTWIRE_CONSOLE_PASSWORD", "cooling-water-loop-3");

        ConsoleCredentialResolver.Resolution r = resolver().resolve(
                new ConsoleCredentialResolver.Configured("operator", "reactor-hall-b-key", ""));

        assertThat(r.credentials().source()).isEqualTo(ConsoleCredentials.Source.CONFIGURATION);
        assertThat(r.credentials().accepts("operator", "reactor-hall-b-key")).isTrue();
        assertThat(r.credentials().accepts("operator", "cooling-water-loop-3")).isFalse();
    }

    @Test
    void configuredHashIsAccepted() throws IOException {
        String hash = PasswordHash.of("reactor-hall-b-key", random, PasswordHash.MIN_ITERATIONS).toString();

        ConsoleCredentialResolver.Resolution r = resolver().resolve(
                new ConsoleCredentialResolver.Configured("operator", "", hash));

        assertThat(r.credentials().accepts("operator", "reactor-hall-b-key")).isTrue();
        assertThat(r.credentials().accepts("operator", hash)).isFalse();
        assertThat(credentialsFile()).doesNotExist();
    }

    @Test
    void invalidConfigurationNamesTheFieldAndNeverThePassword() {
        assertThatThrownBy(() -> resolver().resolve(new ConsoleCredentialResolver.Configured("admin", "admin", "")))
                .hasMessageStartingWith("password is too short (5 characters")
                .hasMessageNotContaining("'admin'");
        assertThatThrownBy(() -> resolver().resolve(
                new ConsoleCredentialResolver.Configured("shift-lead-01", "shift-lead-01", "")))
                .hasMessageContaining("password equals the username");
        assertThatThrownBy(() -> resolver().resolve(
                new ConsoleCredentialResolver.Configured("operator", "", "my-plain-password-by-mistake")))
                .hasMessageStartingWith("password.hash is invalid")
                .hasMessageNotContaining("my-plain-password-by-mistake");
        assertThatThrownBy(() -> resolver().resolve(
                new ConsoleCredentialResolver.Configured("operator", "reactor-hall-b-key", "pbkdf2-sha256:1:a:b")))
                .hasMessageContaining("password and password.hash are both set");
        assertThatThrownBy(() -> resolver().resolve(
                new ConsoleCredentialResolver.Configured("shift:lead", "reactor-hall-b-key", "")))
                .hasMessageContaining("username 'shift:lead' is invalid");
    }

    @Test
    void whileAConfFileIsOnItsWayNobodyGetsInAndNothingIsGenerated() throws IOException {
        env.put("PLANTWIRE_CONSOLE_PASSWORD", "cooling-water-loop-3");

        ConsoleCredentialResolver.Resolution r = resolver().resolve(NOTHING_CONFIGURED,
                java.util.Optional.of(data.resolve("io.plantwire.console.access.cfg")));

        assertThat(r.credentials().source()).isEqualTo(ConsoleCredentials.Source.PENDING_CONFIGURATION);
        assertThat(r.generatedPassword()).isEmpty();
        assertThat(credentialsFile()).doesNotExist();
        assertThat(r.credentials().accepts("plantwire", "cooling-water-loop-3")).isFalse();
        assertThat(r.credentials().accepts("admin", "admin")).isFalse();
    }

    @Test
    void blankUsernameFallsBackToTheDefault() throws IOException {
        ConsoleCredentialResolver.Resolution r = resolver().resolve(
                new ConsoleCredentialResolver.Configured("  ", "reactor-hall-b-key", ""));

        assertThat(r.credentials().username()).isEqualTo("plantwire");
    }
}
