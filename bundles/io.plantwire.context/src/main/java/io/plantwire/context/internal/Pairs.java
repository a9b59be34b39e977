package io.plantwire.context.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads {@code key=value} configuration entries, naming the attribute and entry on error. */
final class Pairs {

    private Pairs() {
    }

    static Map<String, String> parse(String attribute, String[] entries) {
        Map<String, String> out = new LinkedHashMap<>();
        if (entries == null) {
            return out;
        }
        for (String e : entries) {
            if (e == null || e.isBlank()) {
                continue;
            }
            int eq = e.indexOf('=');
            String key = eq < 0 ? "" : e.substring(0, eq).strip();
            if (eq <= 0 || key.isEmpty()) {
                throw new IllegalArgumentException(attribute + " entry '" + e + "' must look like key=value");
            }
            if (!key.matches("[A-Za-z_][A-Za-z0-9_.-]{0,63}")) {
                throw new IllegalArgumentException(attribute + " entry '" + e + "': key '" + key
                        + "' must be 1-64 characters A-Z a-z 0-9 _ - . starting with a letter or _");
            }
            if (out.put(key, e.substring(eq + 1).strip()) != null) {
                throw new IllegalArgumentException(attribute + " entry '" + e + "': key '" + key + "' given twice");
            }
        }
        return out;
    }

    static java.time.Duration millis(String attribute, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(attribute + " '" + value + "' must be between " + min + " and " + max);
        }
        return java.time.Duration.ofMillis(value);
    }

    static java.time.Duration seconds(String attribute, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(attribute + " '" + value + "' must be at least " + min);
        }
        return java.time.Duration.ofSeconds(value);
    }
}
