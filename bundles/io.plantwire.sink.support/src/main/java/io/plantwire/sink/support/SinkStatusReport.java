package io.plantwire.sink.support;

import io.plantwire.api.stage.SinkDropReason;
import io.plantwire.api.stage.SinkStatus;
import io.plantwire.api.text.Redaction;
import io.plantwire.store.QueueStats;
import io.plantwire.store.deadletter.DeadLetterStats;

/**
 * Builds a store-and-forward sink's {@link SinkStatus} the same way for every sink: backlog from the store,
 * {@code dropped} = records dropped or rejected by the store's overflow policy plus those the destination refused
 * (moved to the dead letters), each also by {@link SinkDropReason}; backlog bytes and dead letter counts; and a
 * {@code lastError} that adds each of those counts and the dead letters' state
 * to the sink's own last delivery error, with configured secrets masked.
 *
 * <pre>
 * return SinkStatusReport.of(queue.stats(), deadLetterStore.stats(), "messages")
 *         .refused(publisher.refused(), "messages refused by the broker")
 *         .build(publisher.status(), secrets); // the drain thread's DrainStatus
 * </pre>
 */
public final class SinkStatusReport {

    private final QueueStats store;
    private final DeadLetterStats deadLetters;
    private final String items;
    private long refused;
    private String refusedText = "";

    private SinkStatusReport(QueueStats store, DeadLetterStats deadLetters, String items) {
        this.store = store;
        this.deadLetters = deadLetters;
        this.items = items;
    }

    /**
     * A report on a sink's store and dead letters.
     *
     * @param items what the dead letters hold, in the plural ("messages", "records")
     */
    public static SinkStatusReport of(QueueStats store, DeadLetterStats deadLetters, String items) {
        return new SinkStatusReport(store, deadLetters, items);
    }

    /** Items the destination refused for good (counted as dropped), described as {@code "<n> " + text}. */
    public SinkStatusReport refused(long count, String text) {
        this.refused = count;
        this.refusedText = text;
        return this;
    }

    /** The error text alone: the sink's last error, then the counts, separated by "; ", secrets masked. */
    public String errorText(String lastError, CharSequence... secrets) {
        StringBuilder error = new StringBuilder(lastError == null ? "" : lastError);
        if (store.dropped() > 0) {
            append(error, store.dropped() + " oldest records dropped: store full (DROP_OLDEST)");
        }
        if (store.rejected() > 0) {
            append(error, store.rejected() + " records rejected: store full (REJECT_NEW)");
        }
        if (refused > 0) {
            append(error, refused + " " + refusedText);
        }
        String dl = deadLetters.describe(items);
        if (!dl.isEmpty()) {
            append(error, dl);
        }
        return Redaction.redact(error.toString(), secrets);
    }

    /**
     * The status: backlog records and bytes and the oldest record's time from the store; drops by reason
     * ({@link SinkDropReason#STORE_FULL_DROP_OLDEST} = the store's dropped, {@link SinkDropReason#STORE_FULL_REJECT_NEW}
     * = its rejected, {@link SinkDropReason#REFUSED} = the refused count), their sum as {@code dropped}; dead letters
     * held now and stored since open ({@link SinkStatus#NOT_REPORTED} with {@link DeadLetterStats#EMPTY}, no store).
     */
    public SinkStatus build(boolean connected, long delivered, String lastError, java.time.Instant lastDelivery,
            CharSequence... secrets) {
        SinkStatus.Builder status = SinkStatus.builder().connected(connected)
                .backlog(store.records(), store.bytes()).oldestRecordTime(store.oldestAppendedAt())
                .delivered(delivered, lastDelivery)
                .dropped(SinkDropReason.STORE_FULL_DROP_OLDEST, store.dropped())
                .dropped(SinkDropReason.STORE_FULL_REJECT_NEW, store.rejected())
                .dropped(SinkDropReason.REFUSED, refused)
                .lastError(errorText(lastError, secrets));
        if (!deadLetters.equals(DeadLetterStats.EMPTY)) { // EMPTY: no store, so nothing to report (not zero)
            status.deadLetters(deadLetters.records(), deadLetters.added());
        }
        return status.build();
    }

    /** {@link #build(boolean, long, String, java.time.Instant, CharSequence...)} from a drain thread's status. */
    public SinkStatus build(DrainStatus drain, CharSequence... secrets) {
        return build(drain.isConnected(), drain.delivered(), drain.lastError(), drain.lastDelivery(), secrets);
    }

    private static void append(StringBuilder b, String s) {
        if (b.length() > 0) {
            b.append("; ");
        }
        b.append(s);
    }
}
