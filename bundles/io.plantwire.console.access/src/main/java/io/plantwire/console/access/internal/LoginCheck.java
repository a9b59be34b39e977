package io.plantwire.console.access.internal;

import java.util.Optional;

/**
 * One request's credentials checked against the gateway's account (Basic) or the scrapers' token (Bearer), under
 * the login throttle. Shared by the Web Console's {@link ConsoleAccessGuard} and the operations endpoints'
 * {@link OperationsEndpointGuard}, so both count failures in the same per-address buckets: guessing the token and
 * guessing the password draw on the same attempts.
 */
final class LoginCheck {

    /** What the check found. */
    sealed interface Outcome permits Accepted, Challenge, Throttled {
    }

    /** Let in, as this user (the account's name, or {@link #TOKEN_USER} for the bearer token). */
    record Accepted(String user) implements Outcome {
    }

    /**
     * Not let in: credentials missing, malformed or wrong. {@code refusedLogin} is the user name of a wrong Basic
     * login, for the log; empty otherwise.
     */
    record Challenge(Optional<String> refusedLogin, boolean wrongToken) implements Outcome {
    }

    /** The address is throttled; answer 429 without looking at what it sent. */
    record Throttled(LoginThrottle.Refused refused) implements Outcome {
    }

    /** The remote user name a request authenticated with the bearer token gets. */
    static final String TOKEN_USER = "scrape-token";

    private static final Challenge MISSING = new Challenge(Optional.empty(), false);

    private final ConsoleCredentials credentials;
    private final LoginThrottle throttle;

    LoginCheck(ConsoleCredentials credentials, LoginThrottle throttle) {
        this.credentials = credentials;
        this.throttle = throttle;
    }

    /**
     * Checks the Authorization header. A bearer token counts only when {@code token} is present (the operations
     * endpoints with a configured token); anywhere else it is answered like missing credentials.
     */
    Outcome check(String address, String authorization, Optional<ScrapeToken> token) throws InterruptedException {
        LoginThrottle.Refused throttled = throttle.refusal(address);
        if (throttled != null) {
            return new Throttled(throttled);
        }
        Optional<String> bearer = bearer(authorization);
        if (bearer.isPresent()) {
            if (token.isEmpty()) {
                return MISSING;
            }
            if (token.get().matches(bearer.get())) {
                return new Accepted(TOKEN_USER);
            }
            throttle.failedFastCheck(address);
            return new Challenge(Optional.empty(), true);
        }
        Optional<BasicCredentials> presented = BasicCredentials.parse(authorization);
        if (presented.isEmpty()) {
            return MISSING;
        }
        BasicCredentials c = presented.get();
        if (credentials.acceptsRemembered(c.username(), c.password())) {
            return new Accepted(c.username());
        }
        LoginThrottle.Admission admission = throttle.admit(address);
        if (admission instanceof LoginThrottle.Refused refused) {
            return new Throttled(refused);
        }
        LoginThrottle.Admitted admitted = (LoginThrottle.Admitted) admission;
        boolean accepted = false;
        try {
            accepted = credentials.accepts(c.username(), c.password());
        } finally {
            if (accepted) {
                admitted.succeeded();
            } else {
                admitted.failed();
            }
        }
        return accepted ? new Accepted(c.username()) : new Challenge(Optional.of(c.username()), false);
    }

    /** The token of an {@code Authorization: Bearer <token>} header (RFC 6750), or empty. */
    static Optional<String> bearer(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String header = authorization.trim();
        int blank = header.indexOf(' ');
        if (blank <= 0 || !header.substring(0, blank).equalsIgnoreCase("Bearer")) {
            return Optional.empty();
        }
        String value = header.substring(blank + 1).trim();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}
