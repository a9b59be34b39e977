package io.plantwire.driver.support.internal;

import java.io.IOException;

import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Quality.Reason;
import io.plantwire.driver.support.DeviceRefusedException;
import io.plantwire.driver.support.DeviceTimeoutException;

/**
 * What a failed read or write means: the quality its points get and what happens to the connection.
 *
 * @param quality for the points not yet read
 * @param connection what to do with the connection
 * @param unexpected not one of the protocol's declared failures (worth a debug log with the stack trace)
 */
public record Failure(Quality quality, Connection connection, boolean unexpected) {

    /** What happens to the connection after a failure. */
    public enum Connection {
        /** The device answered (a refusal): the connection is fine. */
        KEEP,
        /** Closed and reopened at the next attempt: its state is unknown or a late answer may still come. */
        RESYNC,
        /** Closed; reopened after the reconnect backoff: the device went away. */
        BACK_OFF
    }

    /** Classifies a failure of {@code what} (e.g. {@code read fast}). */
    public static Failure of(Throwable e, String what) {
        String msg = what + ": " + (e.getMessage() == null ? e.toString() : e.getMessage());
        if (e instanceof DeviceTimeoutException) {
            return new Failure(Quality.bad(Reason.TIMEOUT, msg), Connection.RESYNC, false);
        }
        if (e instanceof DeviceRefusedException) {
            return new Failure(Quality.deviceException(((DeviceRefusedException) e).code(), msg), Connection.KEEP, false);
        }
        if (e instanceof IOException) {
            return new Failure(Quality.bad(Reason.DISCONNECTED, "connection lost: " + msg), Connection.BACK_OFF, false);
        }
        return new Failure(Quality.bad(Reason.DISCONNECTED, what + " failed (" + e + "); connection dropped to resync"),
                Connection.RESYNC, true);
    }
}
