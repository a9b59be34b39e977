package io.plantwire.api.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One context attribute of an asset record, e.g. the batch id from MES.
 *
 * @param value the attribute's value as text
 * @param asOf when the source last confirmed this value
 * @param stale true when the source could not be reached (or answered garbage) and this is the last known value
 */
public record ContextValue(String value, Instant asOf, boolean stale) {

    public ContextValue {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(asOf, "asOf");
    }

    /** A fresh value confirmed now. */
    public static ContextValue of(String value, Instant asOf) {
        return new ContextValue(value, asOf, false);
    }

    /** This value, marked stale. */
    public ContextValue asStale() {
        return stale ? this : new ContextValue(value, asOf, true);
    }
}
