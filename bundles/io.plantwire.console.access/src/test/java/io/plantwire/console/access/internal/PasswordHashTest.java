package io.plantwire.console.access.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

class PasswordHashTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void matchesOnlyTheHashedPassword() {
        PasswordHash hash = PasswordHash.of("boiler-room-7-key", random, PasswordHash.MIN_ITERATIONS);

        assertThat(hash.matches("boiler-room-7-key")).isTrue();
        assertThat(hash.matches("boiler-room-7-kez")).isFalse();
        assertThat(hash.matches("")).isFalse();
        assertThat(hash.matches(null)).isFalse();
    }

    @Test
    void textFormRoundTrips() {
        PasswordHash hash = PasswordHash.of("boiler-room-7-key", random, PasswordHash.MIN_ITERATIONS);

        PasswordHash parsed = PasswordHash.parse(hash.toString());

        assertThat(parsed.toString()).isEqualTo(hash.toString()).startsWith("pbkdf2-sha256:10000:");
        assertThat(parsed.matches("boiler-room-7-key")).isTrue();
        assertThat(parsed.matches("boiler-room-7-kez")).isFalse();
    }

    @Test
    void samePasswordGetsDifferentSalts() {
        assertThat(PasswordHash.of("boiler-room-7-key", random, PasswordHash.MIN_ITERATIONS).toString())
                .isNotEqualTo(PasswordHash.of("boiler-room-7-key", random, PasswordHash.MIN_ITERATIONS).toString());
    }

    @Test
    void malformedTextIsRejectedWithoutRepeatingIt() {
        assertThatThrownBy(() -> PasswordHash.parse("my-secret-plain-password"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pbkdf2-sha256:<iterations>")
                .hasMessageNotContaining("my-secret-plain-password");
        assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256:abc:AAAAAAAAAAA=:AAAA"))
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256:10:AAAAAAAAAAA=:AAAA"))
                .hasMessageContaining("iteration count 10");
        assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256:20000:%%%:AAAA"))
                .hasMessageContaining("base64");
        assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256:20000:AAAAAAAAAAA=:AAAA"))
                .hasMessageContaining("32 bytes");
    }
}
