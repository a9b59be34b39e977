package io.plantwire.store;

import java.util.Objects;

/**
 * How a queue is bounded and how hard it tries to reach the disk. Immutable; start from {@link #defaults()} and
 * change what you need:
 *
 * <pre>
 * QueueOptions.defaults().withMaxBytes(64L &lt;&lt; 20).withOverflowPolicy(OverflowPolicy.REJECT_NEW)
 * </pre>
 *
 * @param maxBytes the most bytes of unacknowledged records (16 bytes of header per record included) the queue
 *        holds; at least 64 KiB. The segment files may occupy up to one segment more, until a fully acknowledged
 *        segment is deleted.
 * @param overflowPolicy what an append does when the queue is full
 * @param fsyncPolicy when data is forced to the device
 * @param fsyncIntervalMillis the interval for {@link FsyncPolicy#INTERVAL}, at least 1
 * @param fsyncEveryRecords the count for {@link FsyncPolicy#EVERY_N_RECORDS}, at least 1
 * @param segmentBytes the size at which the log starts a new segment file; 0 picks {@code maxBytes / 16} clamped
 *        to 1 MiB .. 64 MiB. Disk is reclaimed one whole segment at a time.
 */
public record QueueOptions(long maxBytes, OverflowPolicy overflowPolicy, FsyncPolicy fsyncPolicy,
        long fsyncIntervalMillis, int fsyncEveryRecords, long segmentBytes) {

    /** The smallest {@link #maxBytes()} accepted. */
    public static final long MIN_MAX_BYTES = 64 * 1024;

    /** 256 MiB, drop oldest, fsync every second, automatic segment size. */
    public static QueueOptions defaults() {
        return new QueueOptions(256L << 20, OverflowPolicy.DROP_OLDEST, FsyncPolicy.INTERVAL, 1000, 1000, 0);
    }

    /**
     * @throws IllegalArgumentException naming the option and the value when one is out of range
     */
    public QueueOptions {
        Objects.requireNonNull(overflowPolicy, "overflowPolicy");
        Objects.requireNonNull(fsyncPolicy, "fsyncPolicy");
        if (maxBytes < MIN_MAX_BYTES) {
            throw new IllegalArgumentException("maxBytes must be at least " + MIN_MAX_BYTES + ", got " + maxBytes);
        }
        if (fsyncIntervalMillis < 1) {
            throw new IllegalArgumentException("fsyncIntervalMillis must be at least 1, got " + fsyncIntervalMillis);
        }
        if (fsyncEveryRecords < 1) {
            throw new IllegalArgumentException("fsyncEveryRecords must be at least 1, got " + fsyncEveryRecords);
        }
        if (segmentBytes != 0 && segmentBytes < 4096) {
            throw new IllegalArgumentException("segmentBytes must be 0 (automatic) or at least 4096, got "
                    + segmentBytes);
        }
    }

    /** The segment size in effect: {@link #segmentBytes()} or the automatic choice. */
    public long effectiveSegmentBytes() {
        if (segmentBytes != 0) {
            return segmentBytes;
        }
        return Math.max(1L << 20, Math.min(64L << 20, maxBytes / 16));
    }

    public QueueOptions withMaxBytes(long value) {
        return new QueueOptions(value, overflowPolicy, fsyncPolicy, fsyncIntervalMillis, fsyncEveryRecords,
                segmentBytes);
    }

    public QueueOptions withOverflowPolicy(OverflowPolicy value) {
        return new QueueOptions(maxBytes, value, fsyncPolicy, fsyncIntervalMillis, fsyncEveryRecords, segmentBytes);
    }

    public QueueOptions withFsyncPolicy(FsyncPolicy value) {
        return new QueueOptions(maxBytes, overflowPolicy, value, fsyncIntervalMillis, fsyncEveryRecords,
                segmentBytes);
    }

    public QueueOptions withFsyncIntervalMillis(long value) {
        return new QueueOptions(maxBytes, overflowPolicy, fsyncPolicy, value, fsyncEveryRecords, segmentBytes);
    }

    public QueueOptions withFsyncEveryRecords(int value) {
        return new QueueOptions(maxBytes, overflowPolicy, fsyncPolicy, fsyncIntervalMillis, value, segmentBytes);
    }

    public QueueOptions withSegmentBytes(long value) {
        return new QueueOptions(maxBytes, overflowPolicy, fsyncPolicy, fsyncIntervalMillis, fsyncEveryRecords,
                value);
    }
}
