package io.plantwire.console.access.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one account that may use the Web Console, and the check of a presented username and password.
 * <p>
 * Basic authentication sends the password with every request (pages, scripts, images), and PBKDF2 is slow on
 * purpose. After one successful slow check, an HMAC of the password under a key that lives only in this object is
 * remembered, so the following requests are checked in microseconds. Wrong passwords always take the slow path.
 */
final class ConsoleCredentials {

    /** Where the credentials came from; shown in the log (never the password itself). */
    enum Source {
        CONFIGURATION, ENVIRONMENT, CREDENTIALS_FILE, GENERATED,
        /** A configuration file for the console is on its way through FileInstall; nobody gets in until it lands. */
        PENDING_CONFIGURATION
    }

    private final String username;
    private final PasswordHash passwordHash;
    private final Source source;
    private final byte[] rememberKey = new byte[32];
    private volatile byte[] rememberedPassword;

    ConsoleCredentials(String username, PasswordHash passwordHash, Source source, SecureRandom random) {
        this.username = Objects.requireNonNull(username, "username");
        this.passwordHash = Objects.requireNonNull(passwordHash, "passwordHash");
        this.source = Objects.requireNonNull(source, "source");
        random.nextBytes(rememberKey);
    }

    String username() {
        return username;
    }

    Source source() {
        return source;
    }

    /** True only for this account's username with its password; admin/admin is refused whatever is configured. */
    boolean accepts(String presentedUsername, String presentedPassword) {
        if (source == Source.PENDING_CONFIGURATION || presentedUsername == null || presentedPassword == null) {
            return false;
        }
        if (CredentialPolicy.isFactoryDefault(presentedUsername, presentedPassword)) {
            return false;
        }
        boolean userMatches = MessageDigest.isEqual(
                username.getBytes(StandardCharsets.UTF_8), presentedUsername.getBytes(StandardCharsets.UTF_8));
        byte[] mac = mac(presentedPassword);
        byte[] remembered = rememberedPassword;
        if (remembered != null && MessageDigest.isEqual(remembered, mac)) {
            return userMatches;
        }
        // Run the slow check even when the username is wrong, so timing does not reveal valid usernames.
        boolean passwordMatches = passwordHash.matches(presentedPassword);
        if (passwordMatches) {
            rememberedPassword = mac;
        }
        return userMatches && passwordMatches;
    }

    /**
     * The fast half of {@link #accepts}: true only when this exact password was already verified by the slow check
     * since start. Costs an HMAC, never PBKDF2; false says nothing about the password.
     */
    boolean acceptsRemembered(String presentedUsername, String presentedPassword) {
        byte[] remembered = rememberedPassword;
        if (remembered == null || source == Source.PENDING_CONFIGURATION || presentedUsername == null
                || presentedPassword == null || CredentialPolicy.isFactoryDefault(presentedUsername, presentedPassword)) {
            return false;
        }
        boolean userMatches = MessageDigest.isEqual(
                username.getBytes(StandardCharsets.UTF_8), presentedUsername.getBytes(StandardCharsets.UTF_8));
        return MessageDigest.isEqual(remembered, mac(presentedPassword)) && userMatches;
    }

    private byte[] mac(String password) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(rememberKey, "HmacSHA256"));
            return hmac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "ConsoleCredentials[username=" + username + ", source=" + source + "]";
    }
}
