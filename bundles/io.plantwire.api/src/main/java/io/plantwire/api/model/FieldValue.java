package io.plantwire.api.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One field of an asset record: a typed value with its engineering unit, quality and timestamp.
 *
 * <p>Fields of one record may come from different devices and polls, so each keeps its own timestamp and
 * quality.
 *
 * <p>A field made from a BAD {@link PointSample} has no value ({@link #value()} is null, {@link #hasValue()}
 * false): sinks publish it as absent ({@code "value":null} in JSON), never as a number. A stage may still mark a
 * real value BAD (a normalizer finding it out of range), which then keeps its value. Only BAD fields may lack a
 * value.
 *
 * @param value the typed value; null only for a BAD field without a value
 * @param unit the engineering unit (e.g. {@code kW}, {@code Cel}); empty if the field has none
 * @param quality GOOD, or why not
 * @param timestamp when the value was measured at the source
 */
public record FieldValue(Value value, String unit, Quality quality, Instant timestamp) {

    public FieldValue {
        Objects.requireNonNull(quality, "quality");
        if (value == null && !quality.isBad()) {
            throw new NullPointerException("value (only a BAD field may lack a value, got " + quality + ")");
        }
        Objects.requireNonNull(timestamp, "timestamp");
        unit = unit == null ? "" : unit;
    }

    /**
     * The field a point sample becomes, with the given unit (the sample's own unit when blank). A BAD sample becomes
     * a BAD field without a value.
     */
    public static FieldValue from(PointSample sample, String unit) {
        return new FieldValue(sample.value(), unit == null || unit.isEmpty() ? sample.unit() : unit,
                sample.quality(), sample.sourceTime());
    }

    /** True if the field carries a value; false only for a BAD field from a sample that could not be read. */
    public boolean hasValue() {
        return value != null;
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
