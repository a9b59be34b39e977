package io.plantwire.api.stage;

import java.time.Instant;

/**
 * A sink's delivery state.
 *
 * @param connected whether the sink is connected to its destination
 * @param backlog records accepted but not yet acknowledged by the destination
 * @param delivered records acknowledged by the destination since the sink started
 * @param dropped records the sink gave up on (overflow policy), since it started
 * @param lastError the last delivery error, empty if none
 * @param lastDelivery when a record was last acknowledged, or null
 * @param oldestRecordTime when the oldest record of the backlog was accepted, or null when the backlog is empty or
 *        the sink does not tell (since 1.2; health checks and metrics derive the oldest record's age from it)
 */
public record SinkStatus(boolean connected, long backlog, long delivered, long dropped, String lastError,
        Instant lastDelivery, Instant oldestRecordTime) {

    /** For sinks that do not report a status. */
    public static final SinkStatus UNKNOWN = new SinkStatus(false, 0, 0, 0, "", null);

    public SinkStatus {
        lastError = lastError == null ? "" : lastError;
    }

    /** The 1.1 form, without the oldest record's time (null). */
    public SinkStatus(boolean connected, long backlog, long delivered, long dropped, String lastError,
            Instant lastDelivery) {
        this(connected, backlog, delivered, dropped, lastError, lastDelivery, null);
    }
}
