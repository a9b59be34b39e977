package io.plantwire.features.internal.trust;

import java.util.Locale;

/** What the gateway does with a jar or feature file that fails the trust checks. */
enum TrustMode {
    /** Refuse it: nothing is installed. */
    ENFORCE,
    /** Install it, log a warning and record it as a refusal that was let through. */
    WARN,
    /** Check nothing but the pins a feature carries. */
    OFF;

    static TrustMode parse(String field, String value) {
        String text = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (TrustMode mode : values()) {
            if (mode.name().toLowerCase(Locale.ROOT).equals(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException(field + ": '" + value + "' is not enforce, warn or off");
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
