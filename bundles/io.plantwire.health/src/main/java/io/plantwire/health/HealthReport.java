package io.plantwire.health;

import java.time.Instant;
import java.util.List;

/**
 * The gateway's health at one moment.
 *
 * @param takenAt when the checks ran (or their cached results were taken)
 * @param healthy true when every check's status {@link CheckResult#passes() passes}; what {@code /health} answers
 *        with 200 (else 503)
 * @param checks every check, sorted by name
 */
public record HealthReport(Instant takenAt, boolean healthy, List<CheckResult> checks) {

    /** Copies the list so the record is immutable. */
    public HealthReport {
        checks = List.copyOf(checks);
    }

    /**
     * One check's result.
     *
     * @param name the check's name, e.g. {@code devices}
     * @param status {@code OK}, {@code WARN}, {@code TEMPORARILY_UNAVAILABLE}, {@code CRITICAL} or
     *        {@code HEALTH_CHECK_ERROR} (the Felix Health Check statuses)
     * @param messages what the check found, one line each, worst first; free of control characters and secrets
     * @param tags the check's tags
     * @param elapsedMs how long the check took when it last ran
     */
    public record CheckResult(String name, String status, List<String> messages, List<String> tags,
            long elapsedMs) {

        /** Copies the lists so the record is immutable. */
        public CheckResult {
            messages = List.copyOf(messages);
            tags = List.copyOf(tags);
        }

        /** OK and WARN pass (a warning is shown but does not make the gateway unhealthy); the rest fail. */
        public boolean passes() {
            return "OK".equals(status) || "WARN".equals(status);
        }
    }
}
