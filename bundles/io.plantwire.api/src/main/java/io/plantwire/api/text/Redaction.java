package io.plantwire.api.text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials from text before it is logged or shown: the user information of URLs
 * ({@code mqtt://user:pw@host} → {@code mqtt://user:***@host}; a user part without a password, often a token, as in
 * {@code https://ghp_x@host}, → {@code https://***@host}), the values of keys that name a secret in query strings,
 * property lists, JSON and JAAS lines ({@code password}, {@code passwd}, {@code pwd}, {@code passphrase},
 * {@code secret}, {@code token}, {@code apikey}, {@code api_key}, {@code access_token}, {@code sas},
 * {@code credential(s)}, {@code private key}, and any key ending in one of them, such as
 * {@code ssl.keystore.password} or {@code sasl.password}), the value after an {@code Authorization:} header name, and
 * the body of PEM private key blocks. It errs on the side of removing too much: its result is for people, never for
 * connecting.
 *
 * <p>Known secrets (a configured password that appears verbatim in a driver's exception message, say) are removed
 * with {@link #redact(String, CharSequence...)}.
 */
public final class Redaction {

    /** What stands in for a removed secret. */
    public static final String MASK = "***";

    private static final String SECRET_WORD = "(?:password|passwd|pwd|passphrase|secret|token|apikey|api_key|api-key"
            + "|credentials?|sas|private[._-]?key)";

    private static final String SECRET_KEY = "(?:[A-Za-z0-9_.\\-]*?" + SECRET_WORD + ")";

    /** A whole key (attribute, property or parameter name) that names a secret. */
    private static final Pattern SECRET_NAME = Pattern.compile("(?i)[A-Za-z0-9_.\\-]*" + SECRET_WORD);

    /** key=value or key: value, value up to a separator (; & , whitespace) or quoted. */
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)(\\b" + SECRET_KEY + "\\s*[=:]\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|[^\\s;&,\"')]+)");

    /** "key": value in JSON (a server's error body quoted in a message). */
    private static final Pattern JSON_MEMBER = Pattern.compile(
            "(?i)(\"" + SECRET_KEY + "\"\\s*:\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|[^\\s,}\\]]+)");

    /** scheme://user:password@ — the password part. */
    private static final Pattern URL_USER_INFO = Pattern.compile("(?i)([a-z][a-z0-9+.\\-]*://[^/\\s:@]*:)[^@\\s/]*(@)");

    /** scheme://user@ without a password: the user part may be a token. */
    private static final Pattern URL_USER_ONLY = Pattern.compile("(?i)([a-z][a-z0-9+.\\-]*://)[^/\\s:@]+(@)");

    /** An HTTP Authorization header value (Basic, Bearer, ...). */
    private static final Pattern AUTH_HEADER = Pattern.compile("(?i)(authorization\\s*[:=]\\s*(?:(?:basic|bearer|digest|negotiate|token|apikey)\\s+)?)([^\\s,;&]+)");

    /** A PEM private key block, also one cut off before its END line. */
    private static final Pattern PEM_PRIVATE_KEY = Pattern.compile(
            "(-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----)[\\s\\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|\\z)");

    private Redaction() {
    }

    /** The text with credentials masked; null stays null. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = PEM_PRIVATE_KEY.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK
                + (m.group(2).isEmpty() ? "" : m.group(2))));
        out = URL_USER_INFO.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "$2");
        out = URL_USER_ONLY.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "$2");
        out = AUTH_HEADER.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(MASK));
        out = maskValues(JSON_MEMBER, out);
        return maskValues(KEY_VALUE, out);
    }

    private static String maskValues(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        StringBuilder result = new StringBuilder();
        while (m.find()) {
            String value = m.group(2);
            String masked = value.startsWith("\"") ? "\"" + MASK + "\""
                    : value.startsWith("'") ? "'" + MASK + "'" : MASK;
            m.appendReplacement(result, Matcher.quoteReplacement(m.group(1) + masked));
        }
        m.appendTail(result);
        return result.toString();
    }

    /**
     * The text with credentials masked as {@link #redact(String)} does, and every occurrence of the given secrets
     * (non-empty ones of at least 3 characters; shorter ones would mask ordinary words) replaced by the mask.
     */
    public static String redact(String text, CharSequence... knownSecrets) {
        String out = redact(text);
        if (out == null) {
            return null;
        }
        for (CharSequence secret : knownSecrets) {
            if (secret != null && secret.length() >= 3) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }

    /**
     * Whether a key (a configuration attribute, a property or a parameter name) names a secret by the rule
     * {@link #redact(String)} uses for {@code key=value}: it is, or ends in, one of the secret words, ignoring case
     * ({@code password}, {@code .sasl.password}, {@code ssl.keystore.password}, {@code authToken},
     * {@code api-key}); {@code password.hash} or {@code tokenTtl} do not.
     *
     * @since 1.1
     */
    public static boolean isSecretName(String key) {
        return key != null && SECRET_NAME.matcher(key).matches();
    }
}
