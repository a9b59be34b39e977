package io.plantwire.health.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.plantwire.api.stage.SinkStatus;

/**
 * Judges sinks: connected (a disconnection is tolerated for a while, so a reconnect does not flap the endpoint),
 * backlog within bounds, oldest waiting record young enough.
 */
final class SinkWatch {

    /**
     * A sink as the check saw it.
     *
     * @param name its stage name
     * @param status its status, or null when {@code status()} threw
     * @param error what {@code status()} threw
     */
    record Observed(String name, SinkStatus status, String error) {
    }

    private final Map<String, Instant> disconnectedSince = new HashMap<>();

    synchronized List<Finding> judge(List<Observed> sinks, HealthThresholds t, Instant now) {
        List<Finding> findings = new ArrayList<>();
        Set<String> present = new HashSet<>();
        int good = 0;
        for (Observed o : sinks) {
            String name = Finding.foreign(o.name());
            present.add(o.name());
            SinkStatus s = o.status();
            if (s == null) {
                findings.add(Finding.critical("sink " + name + " did not report its status: " + Finding.foreign(o.error())));
                continue;
            }
            if (s == SinkStatus.UNKNOWN) {
                findings.add(Finding.warn("sink " + name + " reports no status; not checked"));
                continue;
            }
            List<String> problems = new ArrayList<>();
            if (s.connected()) {
                disconnectedSince.remove(o.name());
            } else {
                Instant since = disconnectedSince.computeIfAbsent(o.name(), k -> now);
                Duration down = since.isAfter(now) ? Duration.ZERO : Duration.between(since, now);
                if (down.compareTo(t.maxSinkDisconnected()) >= 0) {
                    problems.add("disconnected for " + DeviceWatch.seconds(down) + " (maxSinkDisconnectedSeconds="
                            + t.maxSinkDisconnected().toSeconds() + ")");
                }
            }
            if (s.backlog() > t.maxBacklogRecords()) {
                problems.add(s.backlog() + " records waiting (maxBacklogRecords=" + t.maxBacklogRecords() + ")");
            }
            Instant oldest = s.oldestRecordTime();
            if (oldest != null && s.backlog() > 0) {
                Duration age = oldest.isAfter(now) ? Duration.ZERO : Duration.between(oldest, now);
                if (age.compareTo(t.maxOldestRecordAge()) > 0) {
                    problems.add("oldest waiting record accepted " + DeviceWatch.seconds(age) + " ago (maxOldestRecordAgeSeconds="
                            + t.maxOldestRecordAge().toSeconds() + ")");
                }
            }
            if (problems.isEmpty()) {
                good++;
                continue;
            }
            String error = s.lastError().isEmpty() ? "" : "; last error: " + Finding.foreign(s.lastError());
            findings.add(Finding.critical("sink " + name + ": " + String.join(", ", problems) + error));
        }
        disconnectedSince.keySet().retainAll(present);
        boolean failing = findings.stream().anyMatch(f -> f.status() != org.apache.felix.hc.api.Result.Status.WARN);
        String summary = sinks.isEmpty() ? "no sinks running"
                : good + " of " + sinks.size() + " sinks connected with backlog and oldest record within bounds";
        findings.add(failing ? Finding.critical(summary) : Finding.ok(summary));
        return findings;
    }
}
