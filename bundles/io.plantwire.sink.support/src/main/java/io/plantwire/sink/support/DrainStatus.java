package io.plantwire.sink.support;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a sink's drain thread says about its destination, for {@link SinkStatusReport}: connected or not, the last
 * error, records delivered and when the last one was. Written by the drain thread and the client's callback
 * threads, read by status requests on any thread.
 */
public final class DrainStatus {

    private volatile boolean connected;
    private volatile String lastError = "";
    private volatile Instant lastDelivery;
    private final AtomicLong delivered = new AtomicLong();

    /**
     * Connected. The last error stays: it may say what the destination refused a moment ago; {@link #clearError()}
     * after a fresh connect.
     */
    public void connected() {
        connected = true;
    }

    /** No current error (after a fresh connect). */
    public void clearError() {
        lastError = "";
    }

    /** Not connected any more. The last error stays; {@link #error(String)} says why, if there is a why. */
    public void disconnected() {
        connected = false;
    }

    /** An error that leaves the connection as it is (a store acknowledgement failed, a record was refused). */
    public void error(String text) {
        lastError = text == null ? "" : text;
    }

    /** {@code records} more left the store, delivered; the last delivery is now. */
    public void delivered(long records) {
        delivered.addAndGet(records);
        lastDelivery = Instant.now();
    }

    public boolean isConnected() {
        return connected;
    }

    /** The last error, {@code ""} if none since the last connect. */
    public String lastError() {
        return lastError;
    }

    /** When records were last delivered, {@code null} if never. */
    public Instant lastDelivery() {
        return lastDelivery;
    }

    /** Records delivered since the sink started. */
    public long delivered() {
        return delivered.get();
    }
}
