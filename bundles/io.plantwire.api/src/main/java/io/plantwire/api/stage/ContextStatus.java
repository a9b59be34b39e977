package io.plantwire.api.stage;

import java.time.Instant;

/**
 * A context provider's cache and lookup state, for metrics and health checks.
 *
 * @param lookups lookups the provider made against its source since it started (one per asset and refresh)
 * @param failures lookups that failed (timeout, error answer, unreachable source)
 * @param entries assets the cache holds an entry for now
 * @param staleEntries entries whose last good answer is older than the provider's time to live, or whose last lookup
 *        failed: the context they add is marked stale, or left out, by the provider's stale policy
 * @param oldestAnswer when the oldest entry's last good answer came, or null if the cache holds no answer
 * @param sourceDown whether the provider considers its source in an outage now
 * @param lastError the last lookup failure, scrubbed of secrets; empty if none
 * @since 1.2
 */
public record ContextStatus(long lookups, long failures, int entries, int staleEntries, Instant oldestAnswer,
        boolean sourceDown, String lastError) {

    /** For providers that keep no cache or do not report (e.g. static context). */
    public static final ContextStatus UNKNOWN = new ContextStatus(0, 0, 0, 0, null, false, "");

    public ContextStatus {
        lastError = lastError == null ? "" : lastError;
    }
}
