package io.plantwire.api.stage;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A sink's delivery state.
 *
 * <p>Build one with {@link #builder()}; the positional constructors are kept for sinks built against 1.0/1.1 of this
 * package.
 *
 * @param connected whether the sink is connected to its destination
 * @param backlog records accepted but not yet acknowledged by the destination
 * @param delivered records acknowledged by the destination since the sink started
 * @param dropped records the sink gave up on (overflow policy, refused by the destination), since it started
 * @param lastError the last delivery error, empty if none
 * @param lastDelivery when a record was last acknowledged, or null
 * @param oldestRecordTime when the oldest record of the backlog was accepted, or null when the backlog is empty or
 *        the sink does not tell (since 1.2; health checks and metrics derive the oldest record's age from it)
 * @param backlogBytes bytes the backlog occupies in the sink's store, or -1 when the sink does not tell (since 1.2)
 * @param droppedByReason {@link #dropped()} split by reason (since 1.2): the reasons the sink counts, zero counts
 *        included; their sum is at most {@code dropped} (drops the sink does not attribute make up the rest).
 *        Unmodifiable, never null; empty from sinks that do not count reasons
 * @param deadLetters refused records held in the sink's dead letters now, or -1 when the sink keeps none or does not
 *        tell (since 1.2)
 * @param deadLettered records stored in the dead letters since the sink started, or -1 when the sink keeps none or
 *        does not tell (since 1.2)
 */
public record SinkStatus(boolean connected, long backlog, long delivered, long dropped, String lastError,
        Instant lastDelivery, Instant oldestRecordTime, long backlogBytes, Map<SinkDropReason, Long> droppedByReason,
        long deadLetters, long deadLettered) {

    /** For sinks that do not report a status. */
    public static final SinkStatus UNKNOWN = builder().build();

    /** The value of {@link #backlogBytes()}, {@link #deadLetters()} and {@link #deadLettered()} when not known. */
    public static final long NOT_REPORTED = -1;

    public SinkStatus {
        lastError = lastError == null ? "" : lastError;
        notReportedOrCount("backlogBytes", backlogBytes);
        notReportedOrCount("deadLetters", deadLetters);
        notReportedOrCount("deadLettered", deadLettered);
        droppedByReason = droppedByReason == null || droppedByReason.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new EnumMap<>(droppedByReason));
        long sum = 0;
        for (Map.Entry<SinkDropReason, Long> e : droppedByReason.entrySet()) {
            long n = Objects.requireNonNull(e.getValue(), "droppedByReason value");
            if (n < 0) {
                throw new IllegalArgumentException("dropped(" + e.getKey() + ") must not be negative, got " + n);
            }
            sum += n;
        }
        if (sum > dropped) {
            throw new IllegalArgumentException(
                    "droppedByReason adds up to " + sum + ", more than dropped (" + dropped + ")");
        }
    }

    /**
     * The 1.1 form, without the oldest record's time (null) and the 1.2 counts (not reported).
     *
     * @deprecated use {@link #builder()}
     */
    @Deprecated
    public SinkStatus(boolean connected, long backlog, long delivered, long dropped, String lastError,
            Instant lastDelivery) {
        this(connected, backlog, delivered, dropped, lastError, lastDelivery, null);
    }

    /**
     * The early 1.2 form, without backlog bytes, drops by reason and dead letters (not reported).
     *
     * @deprecated use {@link #builder()}
     */
    @Deprecated
    public SinkStatus(boolean connected, long backlog, long delivered, long dropped, String lastError,
            Instant lastDelivery, Instant oldestRecordTime) {
        this(connected, backlog, delivered, dropped, lastError, lastDelivery, oldestRecordTime, NOT_REPORTED, Map.of(),
                NOT_REPORTED, NOT_REPORTED);
    }

    private static void notReportedOrCount(String name, long value) {
        if (value < NOT_REPORTED) {
            throw new IllegalArgumentException(name + " must be a count or NOT_REPORTED (-1), got " + value);
        }
    }

    /** The records dropped for one reason (0 if the sink does not count it). */
    public long dropped(SinkDropReason reason) {
        return droppedByReason.getOrDefault(reason, 0L);
    }

    /** A builder; everything not set is false, zero, empty, null or {@link #NOT_REPORTED} (since 1.2). */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects a {@link SinkStatus} by name. Not thread-safe; build once. */
    public static final class Builder {
        private boolean connected;
        private long backlog;
        private long backlogBytes = NOT_REPORTED;
        private Instant oldestRecordTime;
        private long delivered;
        private Instant lastDelivery;
        private long dropped = -1;
        private final EnumMap<SinkDropReason, Long> droppedByReason = new EnumMap<>(SinkDropReason.class);
        private long deadLetters = NOT_REPORTED;
        private long deadLettered = NOT_REPORTED;
        private String lastError = "";

        private Builder() {
        }

        public Builder connected(boolean connected) {
            this.connected = connected;
            return this;
        }

        /** The backlog in records, and in bytes ({@link #NOT_REPORTED} if the sink does not know). */
        public Builder backlog(long records, long bytes) {
            this.backlog = nonNegative("backlog", records);
            notReportedOrCount("backlogBytes", bytes);
            this.backlogBytes = bytes;
            return this;
        }

        /** When the oldest record of the backlog was accepted; null when empty. */
        public Builder oldestRecordTime(Instant at) {
            this.oldestRecordTime = at;
            return this;
        }

        /** Records delivered since start, and when the last one was (null if none). */
        public Builder delivered(long records, Instant last) {
            this.delivered = nonNegative("delivered", records);
            this.lastDelivery = last;
            return this;
        }

        /** Records dropped for one reason; replaces an earlier count of the same reason. */
        public Builder dropped(SinkDropReason reason, long records) {
            droppedByReason.put(Objects.requireNonNull(reason, "reason"),
                    nonNegative("dropped(" + reason + ")", records));
            return this;
        }

        /**
         * All records dropped, when more than the sum of the reasons (drops not attributed to a reason); without
         * this call {@link SinkStatus#dropped()} is the sum of the reasons.
         */
        public Builder dropped(long records) {
            this.dropped = nonNegative("dropped", records);
            return this;
        }

        /** Dead letters held now, and records dead-lettered since the sink started. */
        public Builder deadLetters(long held, long total) {
            this.deadLetters = nonNegative("deadLetters", held);
            this.deadLettered = nonNegative("deadLettered", total);
            return this;
        }

        public Builder lastError(String lastError) {
            this.lastError = lastError;
            return this;
        }

        public SinkStatus build() {
            long sum = 0;
            for (long n : droppedByReason.values()) {
                sum += n;
            }
            return new SinkStatus(connected, backlog, delivered, dropped < 0 ? sum : dropped, lastError, lastDelivery,
                    oldestRecordTime, backlogBytes, droppedByReason, deadLetters, deadLettered);
        }

        private static long nonNegative(String name, long value) {
            if (value < 0) {
                throw new IllegalArgumentException(name + " must not be negative, got " + value);
            }
            return value;
        }
    }
}
