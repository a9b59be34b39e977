package io.plantwire.store;

import java.time.Duration;
import java.time.Instant;

/**
 * A snapshot of a queue's state and counters.
 *
 * <p>The counters ({@code appended} ... {@code rejected}) count since the queue was opened; the sizes describe what
 * is stored now, including records kept from before a restart.
 *
 * @param records records stored and not yet acknowledged (the backlog)
 * @param bytes bytes those records occupy in the log, headers included; this is what
 *        {@link QueueOptions#maxBytes()} bounds
 * @param oldestAppendedAt when the oldest unacknowledged record was appended, or null when the queue is empty
 * @param headPosition the position of the oldest unacknowledged record (equals {@code tailPosition} when empty)
 * @param tailPosition the position the next appended record will get
 * @param appended records appended since open
 * @param acknowledged records acknowledged since open
 * @param dropped records removed unacknowledged by {@link OverflowPolicy#DROP_OLDEST} since open
 * @param rejected records refused by {@link StoreAndForwardQueue#append} since open (queue full under
 *        {@link OverflowPolicy#REJECT_NEW}, or a record larger than the queue)
 * @param discardedOnOpen bytes found damaged when the queue was opened (a torn record at the end of the log after a
 *        crash, or a checksum failure) and cut off
 * @param diskBytes bytes the queue's segment files occupy, acknowledged records not yet reclaimed included
 * @param segments number of segment files
 */
public record QueueStats(long records, long bytes, Instant oldestAppendedAt, long headPosition, long tailPosition,
        long appended, long acknowledged, long dropped, long rejected, long discardedOnOpen, long diskBytes,
        int segments) {

    /** How long the oldest unacknowledged record has waited, measured against {@code now}; zero when empty. */
    public Duration oldestAge(Instant now) {
        if (oldestAppendedAt == null || now.isBefore(oldestAppendedAt)) {
            return Duration.ZERO;
        }
        return Duration.between(oldestAppendedAt, now);
    }

    /** How long the oldest unacknowledged record has waited until now; zero when empty. */
    public Duration oldestAge() {
        return oldestAge(Instant.now());
    }
}
