package io.plantwire.api.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One point's value as read from a device: the typed value, its quality and the time the device (or driver)
 * took it.
 *
 * <p>A BAD sample carries no value (1.1 of this package): {@link #value()} is {@code null} and {@link #hasValue()}
 * false, whatever value it was constructed with, so a placeholder or a stale value can never be published as a
 * measurement. GOOD and UNCERTAIN samples always carry a value.
 *
 * @param value the typed value; null if and only if the quality is BAD
 * @param quality GOOD, or why not
 * @param sourceTime when the value was measured (device timestamp where the protocol has one, else read time)
 * @param unit the engineering unit the driver knows for the point (UCUM or plain text, e.g. "kW"), empty if none
 */
public record PointSample(Value value, Quality quality, Instant sourceTime, String unit) {

    public PointSample {
        Objects.requireNonNull(quality, "quality");
        // Drivers built against 1.0 pass a placeholder with BAD: drop it here so no consumer can see it.
        value = quality.isBad() ? null : Objects.requireNonNull(value, "value");
        Objects.requireNonNull(sourceTime, "sourceTime");
        unit = unit == null ? "" : unit;
    }

    /** A good sample without a unit. */
    public static PointSample good(Value value, Instant sourceTime) {
        return new PointSample(value, Quality.GOOD, sourceTime, "");
    }

    /**
     * A sample that could not be read: the given BAD quality and no value.
     *
     * @throws IllegalArgumentException if the quality is not BAD
     */
    public static PointSample bad(Quality quality, Instant sourceTime) {
        return bad(quality, sourceTime, "");
    }

    /**
     * A sample of a point with the given unit that could not be read: the given BAD quality and no value.
     *
     * @throws IllegalArgumentException if the quality is not BAD
     */
    public static PointSample bad(Quality quality, Instant sourceTime, String unit) {
        if (!quality.isBad()) {
            throw new IllegalArgumentException("bad() needs a BAD quality, got " + quality);
        }
        return new PointSample(null, quality, sourceTime, unit);
    }

    /** True if the sample carries a value, which is exactly when its quality is not BAD. */
    public boolean hasValue() {
        return value != null;
    }
}
