package io.plantwire.simulator.modbus;

import java.time.Duration;
import java.util.Objects;

/**
 * A misbehaviour a simulated device shows on request, to exercise a master's error handling.
 *
 * @param kind what goes wrong
 * @param exceptionCode the Modbus exception code sent for {@link Kind#EXCEPTION} (1-255), else 0
 * @param delay how late the reply comes for {@link Kind#LATE_REPLY}, else zero
 */
public record Fault(Kind kind, int exceptionCode, Duration delay) {

    /** The kinds of fault. */
    public enum Kind {
        /** The correct reply, but only after {@link Fault#delay()}: after the master's timeout, typically. */
        LATE_REPLY,
        /** An exception reply with {@link Fault#exceptionCode()} instead of data. */
        EXCEPTION,
        /** The device closes the TCP connection instead of answering. */
        DROP_CONNECTION,
        /** The device swallows the request and never answers. */
        NO_REPLY,
        /**
         * The device answers with its previous reply on this connection (old transaction id, old data), as a
         * late reply sitting in the stream looks to the next request (j2mod issue #165).
         */
        STALE_REPLY
    }

    public Fault {
        Objects.requireNonNull(kind, "kind");
        delay = delay == null ? Duration.ZERO : delay;
        if (kind == Kind.EXCEPTION && (exceptionCode < 1 || exceptionCode > 255)) {
            throw new IllegalArgumentException("exception code must be 1-255, got " + exceptionCode);
        }
    }

    public static Fault lateReply(Duration delay) {
        return new Fault(Kind.LATE_REPLY, 0, delay);
    }

    public static Fault exception(int code) {
        return new Fault(Kind.EXCEPTION, code, Duration.ZERO);
    }

    public static Fault dropConnection() {
        return new Fault(Kind.DROP_CONNECTION, 0, Duration.ZERO);
    }

    public static Fault noReply() {
        return new Fault(Kind.NO_REPLY, 0, Duration.ZERO);
    }

    public static Fault staleReply() {
        return new Fault(Kind.STALE_REPLY, 0, Duration.ZERO);
    }
}
