package io.plantwire.console.access.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Username and password as presented in an HTTP {@code Authorization: Basic ...} header. */
record BasicCredentials(String username, String password) {

    /**
     * Parses an Authorization header value. Anything that is not well-formed Basic credentials yields empty,
     * which the caller answers with 401 like missing credentials.
     */
    static Optional<BasicCredentials> parse(String authorizationHeader) {
        if (authorizationHeader == null) {
            return Optional.empty();
        }
        String header = authorizationHeader.trim();
        int blank = header.indexOf(' ');
        if (blank <= 0 || !header.substring(0, blank).equalsIgnoreCase("Basic")) {
            return Optional.empty();
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(header.substring(blank + 1).trim());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // The challenge announces charset="UTF-8" (RFC 7617), so browsers send UTF-8.
        String pair = new String(decoded, StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        return Optional.of(new BasicCredentials(pair.substring(0, colon), pair.substring(colon + 1)));
    }

    @Override
    public String toString() {
        // Never let a password reach a log line through string concatenation.
        return "BasicCredentials[username=" + username + ", password=***]";
    }
}
