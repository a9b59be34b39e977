package io.plantwire.console.access.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class LoginCheckTest {

    private static final String TOKEN = "0123456789abcdef0123456789abcdef-scrape";
    private static final String ADDRESS = "192.0.2.7";

    private final SecureRandom random = new SecureRandom();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final LoginThrottle throttle = new LoginThrottle(
            LoginThrottle.Settings.validated(3, 10, 1, 1000, 100), now::get);
    private final LoginCheck check = new LoginCheck(new ConsoleCredentials("operator",
            PasswordHash.of("tank-farm-2026", random, PasswordHash.MIN_ITERATIONS),
            ConsoleCredentials.Source.CONFIGURATION, random), throttle);
    private final Optional<ScrapeToken> token = ScrapeToken.configured(TOKEN, "");

    @Test
    void theTokenLetsInOnlyWhereItIsOffered() throws InterruptedException {
        assertThat(check.check(ADDRESS, "Bearer " + TOKEN, token))
                .isEqualTo(new LoginCheck.Accepted(LoginCheck.TOKEN_USER));
        assertThat(check.check(ADDRESS, "bearer   " + TOKEN + "  ", token)).isInstanceOf(LoginCheck.Accepted.class);
        // The console offers no token: the same header is no credentials there, and costs no attempt.
        assertThat(check.check(ADDRESS, "Bearer " + TOKEN, Optional.empty()))
                .isEqualTo(new LoginCheck.Challenge(Optional.empty(), false));
        assertThat(throttle.throttledSeconds(ADDRESS)).isZero();
    }

    @Test
    void theAccountWorksWithOrWithoutAToken() throws InterruptedException {
        String basic = ExportedBasic.of("operator", "tank-farm-2026");
        assertThat(check.check(ADDRESS, basic, token)).isEqualTo(new LoginCheck.Accepted("operator"));
        assertThat(check.check(ADDRESS, basic, Optional.empty())).isEqualTo(new LoginCheck.Accepted("operator"));
        assertThat(check.check(ADDRESS, ExportedBasic.of("operator", "wrong-password-1"), token))
                .isEqualTo(new LoginCheck.Challenge(Optional.of("operator"), false));
    }

    @Test
    void wrongTokensAreThrottledLikeWrongPasswordsAndThenEvenTheRightOneWaits() throws InterruptedException {
        for (int i = 0; i < 2; i++) {
            assertThat(check.check(ADDRESS, "Bearer guess-" + i, token))
                    .isEqualTo(new LoginCheck.Challenge(Optional.empty(), true));
        }
        // One wrong password and the burst of 3 is spent: token and password draw on the same attempts.
        assertThat(check.check(ADDRESS, ExportedBasic.of("operator", "wrong-password-1"), token))
                .isInstanceOf(LoginCheck.Challenge.class);
        LoginCheck.Outcome throttled = check.check(ADDRESS, "Bearer " + TOKEN, token);
        assertThat(throttled).isInstanceOf(LoginCheck.Throttled.class);
        assertThat(((LoginCheck.Throttled) throttled).refused().retryAfterSeconds()).isBetween(1L, 10L);
        // Another address is not affected.
        assertThat(check.check("192.0.2.8", "Bearer " + TOKEN, token)).isInstanceOf(LoginCheck.Accepted.class);
        now.addAndGet(10_000_000_000L);
        assertThat(check.check(ADDRESS, "Bearer " + TOKEN, token)).isInstanceOf(LoginCheck.Accepted.class);
    }

    @Test
    void malformedHeadersAreNoCredentialsAndCostNothing() throws InterruptedException {
        for (String header : new String[] {null, "", "Bearer", "Bearer   ", "Token abc", "Basic !!!", "Basic "}) {
            assertThat(check.check(ADDRESS, header, token)).as(String.valueOf(header))
                    .isEqualTo(new LoginCheck.Challenge(Optional.empty(), false));
        }
        assertThat(throttle.throttledSeconds(ADDRESS)).isZero();
        assertThat(LoginCheck.bearer("Bearer a b")).contains("a b");
    }

    /** Basic credentials as a client sends them. */
    private static final class ExportedBasic {
        static String of(String user, String password) {
            return "Basic " + java.util.Base64.getEncoder().encodeToString(
                    (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
