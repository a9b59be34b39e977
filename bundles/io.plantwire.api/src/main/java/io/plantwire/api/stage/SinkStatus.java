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
 */
public record SinkStatus(boolean connected, long backlog, long delivered, long dropped, String lastError,
        Instant lastDelivery) {

    /** For sinks that do not report a status. */
    public static final SinkStatus UNKNOWN = new SinkStatus(false, 0, 0, 0, "", null);

    public SinkStatus {
        lastError = lastError == null ? "" : lastError;
    }
}
