package io.plantwire.sink.support;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import io.plantwire.api.text.Redaction;
import io.plantwire.api.text.SafeText;

import io.plantwire.store.FsyncPolicy;
import io.plantwire.store.OverflowPolicy;
import io.plantwire.store.QueueOptions;
import io.plantwire.store.deadletter.DeadLetterFullPolicy;
import io.plantwire.store.deadletter.DeadLetterOptions;

/**
 * A sink's store and dead-letter settings from its {@code store.*}, {@code deadletter.*} and
 * {@code refusal.retry.max.attempts} attributes, each checked with a message naming the attribute and the value.
 * The attribute names are the ones every Plantwire sink documents (docs/mqtt.md, docs/kafka.md); a new sink that
 * offers the same attributes validates them here.
 */
public final class StoreSettings {

    private StoreSettings() {
    }

    /**
     * Where stores live by default: {@code <plantwire.home>/data/store} on a gateway, so a backlog survives a restart
     * (the gateway rebuilds its bundle cache at start) and a reinstall of this bundle; else the bundle's data area.
     */
    public static Path storeArea(String gatewayHome, java.io.File bundleDataArea) {
        if (gatewayHome != null && !gatewayHome.isBlank()) {
            return Path.of(gatewayHome, "data", "store");
        }
        return bundleDataArea == null ? null : bundleDataArea.toPath();
    }

    /**
     * The store directory: {@code configured} when set, else {@code <dataArea>/<defaultName>}.
     *
     * @throws IllegalArgumentException when neither is available
     */
    public static Path directory(String configured, Path dataArea, String defaultName) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.trim());
        }
        if (dataArea == null) {
            throw invalid("store.directory", "", "the framework gives this bundle no data area: set a directory");
        }
        return dataArea.resolve(defaultName);
    }

    /** The dead letters live beside the store: {@code <store directory>.deadletters}. */
    public static Path deadLetterDirectory(Path storeDirectory) {
        return storeDirectory.resolveSibling(storeDirectory.getFileName() + ".deadletters");
    }

    /** Dead-letter bounds from deadletter.max.records, deadletter.max.bytes and deadletter.full.policy. */
    public static DeadLetterOptions deadLetterOptions(long maxRecords, long maxBytes, String fullPolicy) {
        DeadLetterFullPolicy full = enumValue(DeadLetterFullPolicy.class, "deadletter.full.policy", fullPolicy);
        if (maxRecords < 1) {
            throw invalid("deadletter.max.records", Long.toString(maxRecords), "use at least 1");
        }
        if (maxBytes < QueueOptions.MIN_MAX_BYTES) {
            throw invalid("deadletter.max.bytes", Long.toString(maxBytes), "use at least " + QueueOptions.MIN_MAX_BYTES);
        }
        return new DeadLetterOptions(maxRecords, maxBytes, full);
    }

    /** refusal.retry.max.attempts, at least 1. */
    public static int refusalAttempts(int attempts) {
        if (attempts < 1) {
            throw invalid("refusal.retry.max.attempts", Integer.toString(attempts), "use at least 1");
        }
        return attempts;
    }

    /**
     * Queue options from store.max.bytes, store.overflow.policy, store.fsync.policy, store.fsync.interval.ms and
     * store.fsync.every.records (policies case-insensitive).
     */
    public static QueueOptions options(long maxBytes, String overflow, String fsync, long fsyncIntervalMs,
            int fsyncEveryRecords) {
        if (maxBytes < QueueOptions.MIN_MAX_BYTES) {
            throw invalid("store.max.bytes", Long.toString(maxBytes), "use at least " + QueueOptions.MIN_MAX_BYTES);
        }
        OverflowPolicy o = enumValue(OverflowPolicy.class, "store.overflow.policy", overflow);
        FsyncPolicy f = enumValue(FsyncPolicy.class, "store.fsync.policy", fsync);
        if (fsyncIntervalMs < 1) {
            throw invalid("store.fsync.interval.ms", Long.toString(fsyncIntervalMs), "use at least 1");
        }
        if (fsyncEveryRecords < 1) {
            throw invalid("store.fsync.every.records", Integer.toString(fsyncEveryRecords), "use at least 1");
        }
        return QueueOptions.defaults().withMaxBytes(maxBytes).withOverflowPolicy(o).withFsyncPolicy(f)
                .withFsyncIntervalMillis(fsyncIntervalMs).withFsyncEveryRecords(fsyncEveryRecords);
    }

    /** An enum constant from configuration text, case-insensitive, surrounding blanks ignored. */
    public static <E extends Enum<E>> E enumValue(Class<E> type, String attribute, String value) {
        String v = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        try {
            return Enum.valueOf(type, v);
        } catch (IllegalArgumentException e) {
            throw invalid(attribute, String.valueOf(value), "use one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    /**
     * The error for an invalid attribute value: {@code configuration attribute 'a' has an invalid value 'v': why},
     * the value with control characters escaped and credentials masked.
     */
    public static IllegalArgumentException invalid(String attribute, String value, String why) {
        return new IllegalArgumentException("configuration attribute '" + attribute + "' has an invalid value '"
                + SafeText.printable(Redaction.redact(String.valueOf(value)), 200) + "': " + Redaction.redact(why));
    }
}
