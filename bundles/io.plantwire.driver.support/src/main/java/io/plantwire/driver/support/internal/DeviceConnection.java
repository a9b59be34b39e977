package io.plantwire.driver.support.internal;

import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.plantwire.api.driver.ConnectionState;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Quality.Reason;
import io.plantwire.driver.support.DeviceProtocol;

/**
 * A device's connection and its backoff: connects when asked and the backoff allows, drops the connection as a
 * failure asks, and gives it up once, on {@link #stop}. Used on the device's turn (one thread at a time), except
 * {@link #stop} and {@link #state}, which any thread may call.
 *
 * @param <C> the protocol's connection type
 */
public final class DeviceConnection<C> {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceConnection.class);

    private final DeviceProtocol<C, ?> protocol;
    private final String deviceId;
    private final String endpoint;
    private final long backoffMinMs;
    private final long backoffMaxMs;
    private final StatusCounters counters;

    /** Guards the hand-over of {@link #connection} against {@link #stop}: no connection is kept after it. */
    private final Object handOver = new Object();
    private volatile boolean stopped;
    private volatile C connection;
    private volatile ConnectionState state = ConnectionState.CONNECTING;

    // Touched only on the device's turn.
    private long backoffMs;
    private long nextConnectNanos;

    /**
     * @param counters where failed connects are counted and the last error is kept
     */
    public DeviceConnection(DeviceProtocol<C, ?> protocol, String deviceId, String endpoint, long backoffMinMs,
            long backoffMaxMs, StatusCounters counters) {
        this.protocol = protocol;
        this.deviceId = deviceId;
        this.endpoint = endpoint;
        this.backoffMinMs = backoffMinMs;
        this.backoffMaxMs = backoffMaxMs;
        this.counters = counters;
        this.backoffMs = backoffMinMs;
        // nanoTime has an arbitrary origin (it may be negative): "connect now" must be a real reading of it.
        this.nextConnectNanos = System.nanoTime();
    }

    /** CONNECTING, CONNECTED or DISCONNECTED (the device says STOPPED itself). */
    public ConnectionState state() {
        return state;
    }

    /**
     * The open connection, connecting first if the backoff allows; null while the device is unreachable or stopped.
     *
     * @param countError count a failed connect in the status (false for a dry run)
     */
    public C connected(boolean countError) {
        C c = connection;
        if (c != null || stopped) {
            return c;
        }
        if (System.nanoTime() - nextConnectNanos < 0) {
            return null;
        }
        state = ConnectionState.CONNECTING;
        try {
            c = Objects.requireNonNull(protocol.connect(), "connect() returned null");
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            String msg = "connect " + endpoint + ": " + (e.getMessage() == null ? e.toString() : e.getMessage());
            if (countError) {
                counters.error(msg);
            }
            state = ConnectionState.DISCONNECTED;
            nextConnectNanos = System.nanoTime() + backoffMs * 1_000_000L;
            backoffMs = Math.min(backoffMs * 2, backoffMaxMs);
            return null;
        }
        synchronized (handOver) {
            if (!stopped) {
                connection = c;
                state = ConnectionState.CONNECTED;
                backoffMs = backoffMinMs;
                return c;
            }
        }
        closeQuietly(c);
        return null;
    }

    /** Handles a failure of a read or write on {@code c}: drops the connection as the failure asks; returns its quality. */
    public Quality failure(C c, Throwable e, String what) {
        if (stopped) {
            return Quality.bad(Reason.DISCONNECTED, "device stopped");
        }
        Failure f = Failure.of(e, what);
        if (f.connection() != Failure.Connection.KEEP) {
            drop(c, f.connection() == Failure.Connection.BACK_OFF);
        }
        if (f.unexpected()) {
            LOG.debug("Device {}: {} failed", deviceId, what, e);
        }
        return f.quality();
    }

    /**
     * Closes the connection.
     *
     * @param backOff wait the backoff before reconnecting (the device went away); false reconnects at once (we
     *        dropped a healthy connection to resync)
     */
    private void drop(C c, boolean backOff) {
        synchronized (handOver) {
            if (connection == c) {
                connection = null;
            }
        }
        closeQuietly(c);
        state = ConnectionState.DISCONNECTED;
        nextConnectNanos = System.nanoTime() + (backOff ? backoffMs * 1_000_000L : 0);
        if (backOff) {
            backoffMs = Math.min(backoffMs * 2, backoffMaxMs);
        }
    }

    /**
     * Stops connecting and closes the open connection, if any, which unblocks a read waiting on it. From any thread;
     * idempotent.
     */
    public void stop() {
        C c;
        synchronized (handOver) {
            stopped = true;
            c = connection;
            connection = null;
        }
        if (c != null) {
            closeQuietly(c);
        }
    }

    private void closeQuietly(C c) {
        try {
            protocol.close(c);
        } catch (RuntimeException e) {
            LOG.warn("Device {}: closing the connection failed", deviceId, e);
        }
    }
}
