package io.plantwire.health.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.plantwire.api.text.SafeText;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The checks' thresholds, validated once: the checks take this service, so a bad configuration stops them all with
 * one error naming the attribute and the value, and {@code /health} reports them as not running.
 */
@Component(service = HealthThresholds.class, immediate = true, configurationPid = HealthThresholds.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = HealthConfig.class)
public final class HealthThresholds {

    /** The configuration PID (conf/io.plantwire.health.cfg). */
    public static final String PID = "io.plantwire.health";

    static final String HOME_PROPERTY = "plantwire.home";
    static final String HOME_ENV = "PLANTWIRE_HOME";

    private final int maxMissedPolls;
    private final Duration defaultPollInterval;
    private final long maxBacklogRecords;
    private final Duration maxOldestRecordAge;
    private final Duration maxSinkDisconnected;
    private final long minFreeDiskBytes;
    private final Path dataDirectory;

    @Activate
    public HealthThresholds(BundleContext context, HealthConfig config) {
        this(config, defaultDataDirectory(context.getProperty(HOME_PROPERTY), System.getenv()));
    }

    HealthThresholds(HealthConfig config, Path defaultDataDirectory) {
        this.maxMissedPolls = (int) atLeast("maxMissedPolls", config.maxMissedPolls(), 1);
        this.defaultPollInterval = Duration.ofMillis(atLeast("defaultPollIntervalMs", config.defaultPollIntervalMs(), 1));
        this.maxBacklogRecords = atLeast("maxBacklogRecords", config.maxBacklogRecords(), 0);
        this.maxOldestRecordAge = Duration.ofSeconds(
                atLeast("maxOldestRecordAgeSeconds", config.maxOldestRecordAgeSeconds(), 1));
        this.maxSinkDisconnected = Duration.ofSeconds(
                atLeast("maxSinkDisconnectedSeconds", config.maxSinkDisconnectedSeconds(), 0));
        this.minFreeDiskBytes = atLeast("minFreeDiskBytes", config.minFreeDiskBytes(), 0);
        this.dataDirectory = directory(config.dataDirectory(), defaultDataDirectory);
    }

    private static long atLeast(String field, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(PID + ": " + field + "=" + value + " is below the minimum " + min);
        }
        return value;
    }

    private static Path directory(String configured, Path fallback) {
        String text = configured == null ? "" : configured.trim();
        if (text.isEmpty()) {
            return fallback;
        }
        if (text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException(PID + ": dataDirectory='" + SafeText.printable(text, 200)
                    + "' contains control characters");
        }
        try {
            Path path = Path.of(text);
            if (!path.isAbsolute()) {
                throw new IllegalArgumentException(PID + ": dataDirectory='" + SafeText.printable(text, 200)
                        + "' is not an absolute path");
            }
            return path.normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(PID + ": dataDirectory='" + SafeText.printable(text, 200)
                    + "' is not a path: " + e.getReason(), e);
        }
    }

    /** The gateway home's data directory, found as the other bundles find it (plantwire.home, PLANTWIRE_HOME, cwd). */
    static Path defaultDataDirectory(String homeProperty, Map<String, String> env) {
        String home = homeProperty != null && !homeProperty.isBlank() ? homeProperty : env.get(HOME_ENV);
        Path base = home != null && !home.isBlank() ? Path.of(home) : Path.of("");
        return base.toAbsolutePath().normalize().resolve("data");
    }

    int maxMissedPolls() {
        return maxMissedPolls;
    }

    Duration defaultPollInterval() {
        return defaultPollInterval;
    }

    long maxBacklogRecords() {
        return maxBacklogRecords;
    }

    Duration maxOldestRecordAge() {
        return maxOldestRecordAge;
    }

    Duration maxSinkDisconnected() {
        return maxSinkDisconnected;
    }

    long minFreeDiskBytes() {
        return minFreeDiskBytes;
    }

    Path dataDirectory() {
        return dataDirectory;
    }
}
