package io.plantwire.api.model;

import java.util.Objects;

/**
 * How far a value can be trusted, with a machine-readable reason.
 *
 * <p>Plantwire never passes wrong data as good: a driver that could not read a point reports the point with
 * {@link Status#BAD} and a {@link Reason}, a normalizer that finds a value out of range downgrades it, a context
 * provider that serves an old answer marks it stale. Sinks publish the quality next to the value.
 *
 * @param status GOOD, UNCERTAIN or BAD
 * @param reason why the status is not GOOD ({@link Reason#NONE} for GOOD)
 * @param code a numeric detail the reason defines, e.g. the Modbus exception code for
 *        {@link Reason#DEVICE_EXCEPTION}; 0 when the reason has none
 * @param detail free text for people (never parsed); empty, never null
 */
public record Quality(Status status, Reason reason, int code, String detail) {

    /** Overall trust in a value, in the OPC UA sense. */
    public enum Status {
        /** The value is what the device measured. */
        GOOD,
        /** The value is there but may be wrong or old; see the reason. */
        UNCERTAIN,
        /** The value must not be used; it may be absent or a last known value. */
        BAD
    }

    /** Machine-readable reason for a quality other than GOOD. */
    public enum Reason {
        /** No reason: the value is good. */
        NONE,
        /** The device did not answer within the configured timeout. */
        TIMEOUT,
        /** The device answered with a protocol exception; {@link Quality#code()} holds the exception code. */
        DEVICE_EXCEPTION,
        /** The connection to the device is down. */
        DISCONNECTED,
        /** The value is outside the configured valid range. */
        OUT_OF_RANGE,
        /** The value (or context) has not been refreshed within the configured time. */
        STALE,
        /** The raw value could not be converted to the configured type or unit. */
        CONVERSION_ERROR,
        /** The point or field is configured in a way that cannot be served. */
        CONFIGURATION_ERROR,
        /** The device reports a sensor fault for this point. */
        SENSOR_FAILURE,
        /** The value was substituted (clamped, manually entered, last known value). */
        SUBSTITUTED,
        /** No value has been received yet. */
        NOT_AVAILABLE
    }

    /** The quality of a value read correctly from a device. */
    public static final Quality GOOD = new Quality(Status.GOOD, Reason.NONE, 0, "");

    public Quality {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        detail = detail == null ? "" : detail;
        if (status == Status.GOOD && reason != Reason.NONE) {
            throw new IllegalArgumentException("a GOOD quality has no reason, got " + reason);
        }
        if (status != Status.GOOD && reason == Reason.NONE) {
            throw new IllegalArgumentException("a " + status + " quality needs a reason");
        }
    }

    /** A BAD quality with a reason and a text for people. */
    public static Quality bad(Reason reason, String detail) {
        return new Quality(Status.BAD, reason, 0, detail);
    }

    /** An UNCERTAIN quality with a reason and a text for people. */
    public static Quality uncertain(Reason reason, String detail) {
        return new Quality(Status.UNCERTAIN, reason, 0, detail);
    }

    /** BAD because the device answered with the given protocol exception code. */
    public static Quality deviceException(int exceptionCode, String detail) {
        return new Quality(Status.BAD, Reason.DEVICE_EXCEPTION, exceptionCode, detail);
    }

    public boolean isGood() {
        return status == Status.GOOD;
    }

    public boolean isBad() {
        return status == Status.BAD;
    }

    /** The worse of two qualities (BAD before UNCERTAIN before GOOD); {@code this} on a tie. */
    public Quality worst(Quality other) {
        return other.status.ordinal() > status.ordinal() ? other : this;
    }

    @Override
    public String toString() {
        if (status == Status.GOOD) {
            return "GOOD";
        }
        StringBuilder b = new StringBuilder().append(status).append('(').append(reason);
        if (code != 0) {
            b.append(' ').append(code);
        }
        if (!detail.isEmpty()) {
            b.append(": ").append(detail);
        }
        return b.append(')').toString();
    }
}
