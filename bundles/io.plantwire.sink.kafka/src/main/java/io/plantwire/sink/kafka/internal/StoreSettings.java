package io.plantwire.sink.kafka.internal;

import java.nio.file.Path;

import io.plantwire.store.FsyncPolicy;
import io.plantwire.store.OverflowPolicy;
import io.plantwire.store.QueueOptions;
import io.plantwire.store.deadletter.DeadLetterFullPolicy;
import io.plantwire.store.deadletter.DeadLetterOptions;

/** Store directory and options from the store.* attributes, checked with messages naming the attribute. */
final class StoreSettings {

    private StoreSettings() {
    }

    /**
     * Where stores live by default: {@code <plantwire.home>/data/store} on a gateway, so a backlog survives a restart
     * (the gateway rebuilds its bundle cache at start) and a reinstall of this bundle; else the bundle's data area.
     */
    static Path storeArea(String gatewayHome, java.io.File bundleDataArea) {
        if (gatewayHome != null && !gatewayHome.isBlank()) {
            return Path.of(gatewayHome, "data", "store");
        }
        return bundleDataArea == null ? null : bundleDataArea.toPath();
    }

    static Path directory(String configured, Path dataArea, String defaultName) {
        if (!configured.isBlank()) {
            return Path.of(configured);
        }
        if (dataArea == null) {
            throw new IllegalArgumentException("store.directory must be set: the framework gives this bundle no "
                    + "data area");
        }
        return dataArea.resolve(defaultName);
    }

    /** The dead letters live beside the store: {@code <store directory>.deadletters}. */
    static Path deadLetterDirectory(Path storeDirectory) {
        return storeDirectory.resolveSibling(storeDirectory.getFileName() + ".deadletters");
    }

    static DeadLetterOptions deadLetterOptions(long maxRecords, long maxBytes, String fullPolicy) {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("deadletter.max.records must be at least 1, got " + maxRecords);
        }
        if (maxBytes < QueueOptions.MIN_MAX_BYTES) {
            throw new IllegalArgumentException("deadletter.max.bytes must be at least " + QueueOptions.MIN_MAX_BYTES
                    + ", got " + maxBytes);
        }
        try {
            return new DeadLetterOptions(maxRecords, maxBytes, DeadLetterFullPolicy.valueOf(fullPolicy));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("deadletter.full.policy must be DROP_OLDEST or DROP_NEW, got '"
                    + fullPolicy + "'");
        }
    }

    static int refusalAttempts(int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("refusal.retry.max.attempts must be at least 1, got " + attempts);
        }
        return attempts;
    }

    static QueueOptions options(long maxBytes, String overflow, String fsync, long fsyncIntervalMs,
            int fsyncEveryRecords) {
        if (maxBytes < QueueOptions.MIN_MAX_BYTES) {
            throw new IllegalArgumentException("store.max.bytes must be at least " + QueueOptions.MIN_MAX_BYTES
                    + ", got " + maxBytes);
        }
        OverflowPolicy o;
        try {
            o = OverflowPolicy.valueOf(overflow);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("store.overflow.policy must be DROP_OLDEST or REJECT_NEW, got '"
                    + overflow + "'");
        }
        FsyncPolicy f;
        try {
            f = FsyncPolicy.valueOf(fsync);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("store.fsync.policy must be one of INTERVAL, EVERY_N_RECORDS, "
                    + "EVERY_WRITE, NEVER, got '" + fsync + "'");
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
