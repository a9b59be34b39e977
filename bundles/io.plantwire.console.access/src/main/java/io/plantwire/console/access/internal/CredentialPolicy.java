package io.plantwire.console.access.internal;

import java.util.Locale;
import java.util.Set;

/**
 * What the console accepts as an account. Messages name the offending field and, for the username, the value;
 * a password value is never repeated in a message because messages end up in logs.
 */
final class CredentialPolicy {

    static final int MIN_PASSWORD_LENGTH = 12;

    // Factory defaults and the first guesses of anyone scanning a plant network.
    private static final Set<String> NOTORIOUS_PASSWORDS = Set.of(
            "admin", "administrator", "password", "changeme", "plantwire", "felix", "root", "123456789012",
            "adminadminadmin", "password1234");

    private CredentialPolicy() {
    }

    /** The Web Console's built-in default account, refused everywhere. */
    static boolean isFactoryDefault(String username, String password) {
        return "admin".equals(username) && "admin".equals(password);
    }

    static void checkUsername(String field, String username) {
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException(field + " is empty; the console needs a username");
        }
        for (int i = 0; i < username.length(); i++) {
            char c = username.charAt(i);
            if (c == ':' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException(field + " '" + printable(username)
                        + "' is invalid: it must not contain ':', blanks or control characters");
            }
        }
    }

    static void checkPassword(String field, String username, String password) {
        if (password.length() < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException(field + " is too short (" + password.length()
                    + " characters, at least " + MIN_PASSWORD_LENGTH + " required); value not shown");
        }
        if (password.equals(username)) {
            throw new IllegalArgumentException(field + " equals the username; value not shown");
        }
        if (NOTORIOUS_PASSWORDS.contains(password.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(field + " is a well-known default password; value not shown");
        }
        for (int i = 0; i < password.length(); i++) {
            if (Character.isISOControl(password.charAt(i))) {
                throw new IllegalArgumentException(field + " contains control characters; value not shown");
            }
        }
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) {
                b.append(String.format("\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }
}
