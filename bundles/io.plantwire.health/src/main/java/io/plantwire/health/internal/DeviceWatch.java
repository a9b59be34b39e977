package io.plantwire.health.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.plantwire.api.driver.ConnectionState;
import io.plantwire.api.driver.DeviceStatus;

/**
 * Judges devices by the time since their last good poll, measured in poll intervals. A device that never had a good
 * poll is measured from when this watch first saw it, so a freshly started device gets its N polls too.
 */
final class DeviceWatch {

    /**
     * A device as the check saw it.
     *
     * @param status what its driver reported
     * @param pollInterval how often it is polled
     */
    record Observed(DeviceStatus status, Duration pollInterval) {
    }

    private final Map<String, Instant> firstSeen = new HashMap<>();

    /**
     * @param devices every device of every driver
     * @param maxMissedPolls how many poll intervals without a good poll fail a device
     * @param now the check's time
     * @return one finding per failing device, and one summary line
     */
    synchronized List<Finding> judge(List<Observed> devices, int maxMissedPolls, Instant now) {
        List<Finding> findings = new ArrayList<>();
        Set<String> present = new HashSet<>();
        int good = 0;
        int stopped = 0;
        for (Observed d : devices) {
            DeviceStatus s = d.status();
            String id = String.valueOf(s.deviceId());
            present.add(id);
            Instant seen = firstSeen.computeIfAbsent(id, k -> now);
            if (s.state() == ConnectionState.STOPPED) {
                stopped++;
                continue;
            }
            Instant since = s.lastSuccessfulPoll() != null ? s.lastSuccessfulPoll() : seen;
            Duration silence = since.isAfter(now) ? Duration.ZERO : Duration.between(since, now);
            Duration allowed = d.pollInterval().multipliedBy(maxMissedPolls);
            if (silence.compareTo(allowed) <= 0) {
                good++;
                continue;
            }
            StringBuilder m = new StringBuilder("device ").append(Finding.foreign(id)).append(" (")
                    .append(Finding.foreign(s.driverType()));
            if (!s.endpoint().isEmpty()) {
                m.append(", ").append(Finding.foreign(s.endpoint()));
            }
            m.append(") ").append(s.lastSuccessfulPoll() == null ? "has had no good poll in " : "has had no good poll for ")
                    .append(seconds(silence)).append(" (more than ").append(maxMissedPolls).append(" polls of ")
                    .append(d.pollInterval().toMillis()).append(" ms); state ").append(s.state());
            if (!s.lastError().isEmpty()) {
                m.append("; last error: ").append(Finding.foreign(s.lastError()));
            }
            findings.add(Finding.critical(m.toString()));
        }
        firstSeen.keySet().retainAll(present);
        int failing = findings.size();
        StringBuilder summary = new StringBuilder();
        if (devices.isEmpty()) {
            summary.append("no devices configured");
        } else {
            summary.append(good).append(" of ").append(devices.size() - stopped)
                    .append(" devices had a good poll within ").append(maxMissedPolls).append(" poll intervals");
            if (stopped > 0) {
                summary.append("; ").append(stopped).append(" stopped by configuration");
            }
        }
        findings.add(failing == 0 ? Finding.ok(summary.toString()) : Finding.critical(summary.toString()));
        return findings;
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms < 10_000 ? String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0) : (ms / 1000) + " s";
    }
}
