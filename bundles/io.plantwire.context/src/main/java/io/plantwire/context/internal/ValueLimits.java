package io.plantwire.context.internal;

import java.io.IOException;
import java.util.Map;

import io.plantwire.api.model.Isa95Path;
import io.plantwire.api.text.SafeText;

/**
 * Caps on what one lookup may add to a record: how many values, and how many characters each. Every record of the
 * asset carries these values and the cache keeps them per asset, so an MES answer decides memory and message size
 * unless something caps it. An answer over a cap is refused whole (the lookup fails, the outage is reported, the
 * stale policy applies): a cut value would be wrong context.
 *
 * @param lookup the provider's stage name, for messages
 * @param maxValues most values one answer may hold
 * @param maxValueChars most characters of one value
 */
record ValueLimits(String lookup, int maxValues, int maxValueChars) {

    static final int MAX_VALUES_LIMIT = 1000;
    static final int MAX_VALUE_CHARS_LIMIT = 65_536;

    /** Validated limits; the message names the attribute and the value. */
    static ValueLimits of(String lookup, int maxValues, int maxValueChars) {
        if (maxValues < 1 || maxValues > MAX_VALUES_LIMIT) {
            throw new IllegalArgumentException("maxValues '" + maxValues + "' must be between 1 and "
                    + MAX_VALUES_LIMIT);
        }
        if (maxValueChars < 1 || maxValueChars > MAX_VALUE_CHARS_LIMIT) {
            throw new IllegalArgumentException("maxValueChars '" + maxValueChars + "' must be between 1 and "
                    + MAX_VALUE_CHARS_LIMIT);
        }
        return new ValueLimits(lookup, maxValues, maxValueChars);
    }

    /** Refuses, at activation, a configuration that names more values than an answer may hold. */
    void checkConfigured(int configuredValues) {
        if (configuredValues > maxValues) {
            throw new IllegalArgumentException("values: " + configuredValues + " entries, more than maxValues "
                    + maxValues);
        }
    }

    /** Refuses an answer with more values than {@link #maxValues}. */
    void checkCount(Isa95Path asset, int count) throws Refused {
        if (count > maxValues) {
            throw new Refused("lookup '" + lookup + "' answered " + count + " values for asset " + quote(asset)
                    + ", more than maxValues " + maxValues);
        }
    }

    /** Refuses an answer with too many values or a value longer than {@link #maxValueChars}. */
    void check(Isa95Path asset, Map<String, String> values) throws Refused {
        checkCount(asset, values.size());
        for (Map.Entry<String, String> e : values.entrySet()) {
            String v = e.getValue();
            if (v != null && v.length() > maxValueChars) {
                throw new Refused("lookup '" + lookup + "' answered " + v.length() + " characters for '"
                        + SafeText.printable(e.getKey(), 64) + "' of asset " + quote(asset)
                        + ", more than maxValueChars " + maxValueChars);
            }
        }
    }

    private static String quote(Isa95Path asset) {
        return SafeText.printable(asset.toString(), 300);
    }

    /** An answer refused for its size. */
    static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }
}
