package io.plantwire.api.text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials from text before it is logged or shown: the user information of URLs
 * ({@code mqtt://user:pw@host} → {@code mqtt://user:***@host}), the values of keys that name a secret in query strings,
 * property lists and JAAS lines ({@code password}, {@code passwd}, {@code pwd}, {@code secret}, {@code token},
 * {@code apikey}, {@code api_key}, {@code access_token}, {@code sas}, {@code credential(s)}, {@code private key},
 * and any key ending in one of them, such as {@code ssl.keystore.password} or {@code sasl.password}), and the value
 * after an {@code Authorization:} header name. It errs on the side of removing too much: its result is for people,
 * never for connecting.
 *
 * <p>Known secrets (a configured password that appears verbatim in a driver's exception message, say) are removed
 * with {@link #redact(String, CharSequence...)}.
 */
public final class Redaction {

    /** What stands in for a removed secret. */
    public static final String MASK = "***";

    private static final String SECRET_KEY =
            "(?:[A-Za-z0-9_.\\-]*?(?:password|passwd|pwd|secret|token|apikey|api_key|api-key|credentials?|sas"
                    + "|private[._-]?key))";

    /** key=value or key: value, value up to a separator (; & , whitespace) or quoted. */
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)(\\b" + SECRET_KEY + "\\s*[=:]\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|[^\\s;&,\"')]+)");

    /** scheme://user:password@ — the password part. */
    private static final Pattern URL_USER_INFO = Pattern.compile("(?i)([a-z][a-z0-9+.\\-]*://[^/\\s:@]*:)[^@\\s/]*(@)");

    /** An HTTP Authorization header value (Basic, Bearer, ...). */
    private static final Pattern AUTH_HEADER = Pattern.compile("(?i)(authorization\\s*[:=]\\s*(?:(?:basic|bearer|digest|negotiate|token|apikey)\\s+)?)([^\\s,;&]+)");

    private Redaction() {
    }

    /** The text with credentials masked; null stays null. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = URL_USER_INFO.matcher(text).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "$2");
        out = AUTH_HEADER.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(MASK));
        Matcher m = KEY_VALUE.matcher(out);
        StringBuilder result = new StringBuilder();
        while (m.find()) {
            String value = m.group(2);
            String masked = value.startsWith("\"") ? "\"" + MASK + "\"" : value.startsWith("'") ? "'" + MASK + "'" : MASK;
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
}
