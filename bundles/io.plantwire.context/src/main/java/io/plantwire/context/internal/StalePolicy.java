package io.plantwire.context.internal;

/** What a provider adds when its source cannot confirm the context (down, garbage, or older than the TTL). */
public enum StalePolicy {
    /** Add the last known values, marked stale. */
    KEEP_STALE,
    /** Add nothing from this provider. */
    OMIT
}
