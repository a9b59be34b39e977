package io.plantwire.console.access.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted PBKDF2-HMAC-SHA256 password hash in the text form
 * {@code pbkdf2-sha256:<iterations>:<base64 salt>:<base64 hash>}.
 * <p>
 * The console keeps only this form in memory, whatever the password came from, so a heap dump or a
 * configuration listing never shows a console password.
 */
final class PasswordHash {

    static final String SCHEME = "pbkdf2-sha256";
    static final int DEFAULT_ITERATIONS = 120_000;
    // Below this a stolen hash is cheap to brute-force; above the max a login would stall the console.
    static final int MIN_ITERATIONS = 10_000;
    static final int MAX_ITERATIONS = 5_000_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /** Hashes a password with a fresh random salt and the default iteration count. */
    static PasswordHash of(String password, SecureRandom random) {
        return of(password, random, DEFAULT_ITERATIONS);
    }

    static PasswordHash of(String password, SecureRandom random, int iterations) {
        Objects.requireNonNull(password, "password");
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations));
    }

    /**
     * Parses the text form. The exception message never repeats the text, because a mistyped hash field
     * sometimes holds a plain password.
     */
    static PasswordHash parse(String text) {
        String[] parts = text.trim().split(":");
        if (parts.length != 4 || !SCHEME.equals(parts[0])) {
            throw new IllegalArgumentException(
                    "expected the form " + SCHEME + ":<iterations>:<base64 salt>:<base64 hash>");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("iteration count is not a number");
        }
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iteration count " + iterations + " is outside "
                    + MIN_ITERATIONS + ".." + MAX_ITERATIONS);
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] hash = Base64.getDecoder().decode(parts[3]);
            if (salt.length < 8 || hash.length != HASH_BITS / 8) {
                throw new IllegalArgumentException("salt must be at least 8 bytes and hash exactly 32 bytes");
            }
            return new PasswordHash(iterations, salt, hash);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("salt must")) {
                throw e;
            }
            throw new IllegalArgumentException("salt or hash is not valid base64");
        }
    }

    /** Checks a candidate password; the comparison takes the same time wherever the first difference is. */
    boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(hash, derive(candidate, salt, iterations));
    }

    int iterations() {
        return iterations;
    }

    @Override
    public String toString() {
        Base64.Encoder b64 = Base64.getEncoder();
        return SCHEME + ":" + iterations + ":" + b64.encodeToString(salt) + ":" + b64.encodeToString(hash);
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            // PBKDF2WithHmacSHA256 is mandatory on every Java 8+ platform; missing means a broken JRE.
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        } finally {
            spec.clearPassword();
        }
    }
}
