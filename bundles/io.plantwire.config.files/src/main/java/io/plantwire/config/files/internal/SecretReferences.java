package io.plantwire.config.files.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code $[secret:name]} and {@code $[env:NAME]} references in a configuration value, in the syntax of the Felix
 * Config Admin interpolation plugin ({@code $[type:name;directive=value;...]}, {@code \$[} escapes a reference).
 * Config Admin keeps a value as written; the plugin resolves its references only in the copy a component receives.
 */
final class SecretReferences {

    /** One reference: its type ({@code secret} or {@code env}), name and whether it has a default. */
    record Reference(String type, String name, boolean hasDefault, String text) {
    }

    /** Not preceded by an escaping backslash; the name stops at ';' (directives) or ']'. */
    private static final Pattern REFERENCE =
            Pattern.compile("(?<!\\\\)\\$\\[(secret|env):([^;\\[\\]]*)((?:;[^\\[\\]]*)?)\\]");

    private static final Pattern ANY_REFERENCE = Pattern.compile("(?<!\\\\)\\$\\[[A-Za-z]+:");

    private SecretReferences() {
    }

    /** The secret and environment references in a value (a String or the Strings of a String[]); none for others. */
    static List<Reference> in(Object value) {
        List<Reference> found = new ArrayList<>();
        if (value instanceof String s) {
            collect(s, found);
        } else if (value instanceof String[] array) {
            for (String s : array) {
                if (s != null) {
                    collect(s, found);
                }
            }
        }
        return found;
    }

    private static void collect(String s, List<Reference> found) {
        Matcher m = REFERENCE.matcher(s);
        while (m.find()) {
            found.add(new Reference(m.group(1), m.group(2), m.group(3).contains(";default="), m.group()));
        }
    }

    /** Whether the value holds a reference of any type the plugin resolves (secret, env, prop). */
    static boolean hasReference(Object value) {
        if (value instanceof String s) {
            return ANY_REFERENCE.matcher(s).find();
        }
        if (value instanceof String[] array) {
            for (String s : array) {
                if (s != null && ANY_REFERENCE.matcher(s).find()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether the value is nothing but references (e.g. {@code $[secret:mqtt-password]}): writing it into a file
     * writes no secret.
     */
    static boolean onlyReferences(Object value) {
        if (value instanceof String s) {
            return !s.isBlank() && REFERENCE.matcher(s).replaceAll("").isBlank();
        }
        if (value instanceof String[] array) {
            if (array.length == 0) {
                return false;
            }
            for (String s : array) {
                if (!onlyReferences(s)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** The value with every reference escaped: the plugin then passes it on as written, resolving nothing. */
    static Object escaped(Object value) {
        if (value instanceof String s) {
            return escape(s);
        }
        if (value instanceof String[] array) {
            String[] out = new String[array.length];
            for (int i = 0; i < array.length; i++) {
                out[i] = array[i] == null ? null : escape(array[i]);
            }
            return out;
        }
        return value;
    }

    private static String escape(String s) {
        return s.replaceAll("(?<!\\\\)\\$\\[", Matcher.quoteReplacement("\\$["));
    }
}
