package io.plantwire.api.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One point's value as read from a device: the typed value, its quality and the time the device (or driver)
 * took it.
 *
 * <p>A BAD sample may still carry the last known value, or a placeholder; consumers must check
 * {@link #quality()} before using {@link #value()}.
 *
 * @param value the typed value
 * @param quality GOOD, or why not
 * @param sourceTime when the value was measured (device timestamp where the protocol has one, else read time)
 * @param unit the engineering unit the driver knows for the point (UCUM or plain text, e.g. "kW"), empty if none
 */
public record PointSample(Value value, Quality quality, Instant sourceTime, String unit) {

    public PointSample {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(quality, "quality");
        Objects.requireNonNull(sourceTime, "sourceTime");
        unit = unit == null ? "" : unit;
    }

    /** A good sample without a unit. */
    public static PointSample good(Value value, Instant sourceTime) {
        return new PointSample(value, Quality.GOOD, sourceTime, "");
    }

    /** A sample that could not be read: BAD with the given quality and no usable value. */
    public static PointSample bad(Quality quality, Instant sourceTime) {
        if (quality.isGood()) {
            throw new IllegalArgumentException("bad() needs a quality that is not GOOD");
        }
        return new PointSample(Value.of(0L), quality, sourceTime, "");
    }
}
