package io.plantwire.api.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One field of an asset record: a typed value with its engineering unit, quality and timestamp.
 *
 * <p>Fields of one record may come from different devices and polls, so each keeps its own timestamp and
 * quality.
 *
 * @param value the typed value
 * @param unit the engineering unit (e.g. {@code kW}, {@code Cel}); empty if the field has none
 * @param quality GOOD, or why not
 * @param timestamp when the value was measured at the source
 */
public record FieldValue(Value value, String unit, Quality quality, Instant timestamp) {

    public FieldValue {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(quality, "quality");
        Objects.requireNonNull(timestamp, "timestamp");
        unit = unit == null ? "" : unit;
    }

    /** The field a point sample becomes, with the given unit (the sample's own unit when blank). */
    public static FieldValue from(PointSample sample, String unit) {
        return new FieldValue(sample.value(), unit == null || unit.isEmpty() ? sample.unit() : unit,
                sample.quality(), sample.sourceTime());
    }

    public FieldValue withValue(Value newValue) {
        return new FieldValue(newValue, unit, quality, timestamp);
    }

    public FieldValue withValue(Value newValue, String newUnit) {
        return new FieldValue(newValue, newUnit, quality, timestamp);
    }

    public FieldValue withQuality(Quality newQuality) {
        return new FieldValue(value, unit, newQuality, timestamp);
    }
}
