package io.plantwire.console.access.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The optional read-only bearer token of scrapers and probes ({@code /metrics}, {@code /health}). Only its SHA-256
 * digest is kept: the token is a long random secret (at least {@value #MIN_LENGTH} characters), so a fast hash is
 * enough and a scrape every few seconds costs microseconds, unlike the console password's PBKDF2.
 */
final class ScrapeToken {

    static final int MIN_LENGTH = 32;
    static final String HASH_PREFIX = "sha256:";

    private final byte[] digest;

    private ScrapeToken(byte[] digest) {
        this.digest = digest;
    }

    /**
     * From the configuration: the token itself (usually a {@code $[secret:...]} reference resolved for this component
     * only) or its digest {@code sha256:<64 hex digits>}; empty when neither is set. The message names the attribute
     * and never repeats the value, which is a secret.
     */
    static Optional<ScrapeToken> configured(String token, String tokenHash) {
        boolean hasToken = token != null && !token.isEmpty();
        boolean hasHash = tokenHash != null && !tokenHash.isBlank();
        if (hasToken && hasHash) {
            throw new IllegalArgumentException("scrape.token and scrape.token.hash are both set; set one of them");
        }
        if (hasToken) {
            if (token.length() < MIN_LENGTH) {
                throw new IllegalArgumentException("scrape.token is " + token.length() + " characters long; use at "
                        + "least " + MIN_LENGTH + " random characters (e.g. openssl rand -hex 32)");
            }
            if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("scrape.token may only hold printable ASCII without blanks "
                        + "(it travels in an Authorization header)");
            }
            return Optional.of(new ScrapeToken(sha256(token)));
        }
        if (hasHash) {
            String h = tokenHash.trim();
            if (!h.startsWith(HASH_PREFIX) || h.length() != HASH_PREFIX.length() + 64) {
                throw new IllegalArgumentException("scrape.token.hash must have the form " + HASH_PREFIX
                        + "<64 hex digits> (the SHA-256 of the token)");
            }
            try {
                return Optional.of(new ScrapeToken(HexFormat.of().parseHex(h.substring(HASH_PREFIX.length()))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("scrape.token.hash must have the form " + HASH_PREFIX
                        + "<64 hex digits>; it holds a character that is not a hex digit");
            }
        }
        return Optional.empty();
    }

    /** The value for scrape.token.hash of a token. */
    static String hashOf(String token) {
        return HASH_PREFIX + HexFormat.of().formatHex(sha256(token));
    }

    /** Constant-time comparison of the presented token's digest. */
    boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "ScrapeToken[***]";
    }
}
