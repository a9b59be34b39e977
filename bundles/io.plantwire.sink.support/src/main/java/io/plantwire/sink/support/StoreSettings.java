package io.plantwire.sink.support;

import java.nio.file.Path;

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
            throw new IllegalArgumentException("store.directory must be set: the framework gives this bundle no "
                    + "data area");
        }
        return dataArea.resolve(defaultName);
    }

    /** The dead letters live beside the store: {@code <store directory>.deadletters}. */
    public static Path deadLetterDirectory(Path storeDirectory) {
        return storeDirectory.resolveSibling(storeDirectory.getFileName() + ".deadletters");
    }

    /** Dead-letter bounds from deadletter.max.records, deadletter.max.bytes and deadletter.full.policy. */
    public static DeadLetterOptions deadLetterOptions(long maxRecords, long maxBytes, String fullPolicy) {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("deadletter.max.records must be at least 1, got " + maxRecords);
        }
        if (maxBytes < QueueOptions.MIN_MAX_BYTES) {
            throw new IllegalArgumentException("deadletter.max.bytes must be at least " + QueueOptions.MIN_MAX_BYTES
                    + ", got " + maxBytes);
        }
        try {
            return new DeadLetterOptions(maxRecords, maxBytes,
                    DeadLetterFullPolicy.valueOf(String.valueOf(fullPolicy).trim()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("deadletter.full.policy must be DROP_OLDEST or DROP_NEW, got '"
                    + SafeText.printable(String.valueOf(fullPolicy), 80) + "'");
        }
    }

    /** refusal.retry.max.attempts, at least 1. */
    public static int refusalAttempts(int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("refusal.retry.max.attempts must be at least 1, got " + attempts);
        }
        return attempts;
    }

    /**
     * Queue options from store.max.bytes, store.overflow.policy, store.fsync.policy, store.fsync.interval.ms and
     * store.fsync.every.records.
     */
    public static QueueOptions options(long maxBytes, String overflow, String fsync, long fsyncIntervalMs,
            int fsyncEveryRecords) {
        if (maxBytes < QueueOptions.MIN_MAX_BYTES) {
            throw new IllegalArgumentException("store.max.bytes must be at least " + QueueOptions.MIN_MAX_BYTES
                    + ", got " + maxBytes);
        }
        OverflowPolicy o;
        try {
            o = OverflowPolicy.valueOf(String.valueOf(overflow).trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("store.overflow.policy must be DROP_OLDEST or REJECT_NEW, got '"
                    + SafeText.printable(String.valueOf(overflow), 80) + "'");
        }
        FsyncPolicy f;
        try {
            f = FsyncPolicy.valueOf(String.valueOf(fsync).trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("store.fsync.policy must be one of INTERVAL, EVERY_N_RECORDS, "
                    + "EVERY_WRITE, NEVER, got '" + SafeText.printable(String.valueOf(fsync), 80) + "'");
        }
        if (fsyncIntervalMs < 1) {
            throw new IllegalArgumentException("store.fsync.interval.ms must be at least 1, got " + fsyncIntervalMs);
        }
        if (fsyncEveryRecords < 1) {
            throw new IllegalArgumentException("store.fsync.every.records must be at least 1, got "
                    + fsyncEveryRecords);
        }
        return QueueOptions.defaults().withMaxBytes(maxBytes).withOverflowPolicy(o).withFsyncPolicy(f)
                .withFsyncIntervalMillis(fsyncIntervalMs).withFsyncEveryRecords(fsyncEveryRecords);
    }
}
