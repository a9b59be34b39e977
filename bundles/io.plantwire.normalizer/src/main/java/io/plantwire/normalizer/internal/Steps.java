package io.plantwire.normalizer.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Isa95Path;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Quality.Reason;
import io.plantwire.api.model.Quality.Status;
import io.plantwire.api.model.Value;
import io.plantwire.api.stage.Preview;

/** The operations a rule line can name. */
final class Steps {

    private Steps() {
    }

    /** A numeric step on a field that holds text or a boolean makes the field BAD rather than guessing. */
    static FieldValue notANumber(FieldValue v, String op) {
        return v.withQuality(v.quality().worst(
                Quality.bad(Reason.CONVERSION_ERROR, op + " needs a number, got " + v.value().type())));
    }

    /** {@code value · factor + offset}. */
    record Linear(double factor, double offset) implements FieldStep {
        @Override
        public FieldValue apply(AssetRecord record, String field, FieldValue v) {
            if (!v.hasValue()) {
                return v; // a BAD field without a value (device not read): nothing to compute on
            }
            if (!v.value().isNumeric()) {
                return v.value().type() == Value.Type.BOOLEAN ? v : notANumber(v, "scale");
            }
            return v.withValue(Value.of(v.value().asDouble() * factor + offset));
        }
    }

    /** Converts from the field's unit (or a declared source unit) to a target unit. */
    static final class UnitConversion implements FieldStep {
        private final String from; // null: the field's own unit
        private final String to;
        private final Map<String, Object> bySourceUnit = new ConcurrentHashMap<>();

        UnitConversion(String from, String to) {
            this.from = from;
            this.to = to;
            UnitCatalog.unit(to); // fail at activation on an unknown target
            if (from != null) {
                bySourceUnit.put(from, UnitCatalog.conversion(from, to));
            }
        }

        @Override
        public FieldValue apply(AssetRecord record, String field, FieldValue v) {
            String source = from != null ? from : v.unit();
            if (source.equals(to) && from == null) {
                return v;
            }
            if (source.isEmpty()) {
                return v.withQuality(v.quality().worst(Quality.bad(Reason.CONFIGURATION_ERROR,
                        "field has no unit to convert to " + to + "; write 'unit FROM " + to + "'")));
            }
            Object c = bySourceUnit.get(source); // plain get first: computeIfAbsent costs more on the hit path
            if (c == null) {
                c = bySourceUnit.computeIfAbsent(source, s -> {
                    try {
                        return UnitCatalog.conversion(s, to);
                    } catch (IllegalArgumentException e) {
                        return e.getMessage();
                    }
                });
            }
            if (c instanceof String problem) {
                return v.withQuality(v.quality().worst(Quality.bad(Reason.CONVERSION_ERROR, problem)));
            }
            if (!v.hasValue()) {
                return v.withValue(null, to); // BAD without a value: only the unit follows the conversion
            }
            if (!v.value().isNumeric()) {
                return notANumber(v, "unit");
            }
            return v.withValue(Value.of(((UnitCatalog.Conversion) c).apply(v.value().asDouble())), to);
        }
    }

    /** Outside [min, max] the field becomes BAD or UNCERTAIN (OUT_OF_RANGE), or is left out. */
    record Range(double min, double max, Status status, boolean drop) implements FieldStep {
        @Override
        public FieldValue apply(AssetRecord record, String field, FieldValue v) {
            if (!v.hasValue()) {
                return v; // a BAD field without a value (device not read): nothing to compute on
            }
            if (!v.value().isNumeric()) {
                return notANumber(v, "range");
            }
            double x = v.value().asDouble();
            if (x >= min && x <= max) {
                return v;
            }
            if (drop) {
                return null;
            }
            return v.withQuality(v.quality().worst(new Quality(status, Reason.OUT_OF_RANGE, 0,
                    x + " outside [" + min + ", " + max + "]")));
        }
    }

    /** Holds the value inside [min, max]; a clamped value is UNCERTAIN (SUBSTITUTED), never passed as GOOD. */
    record Clamp(double min, double max) implements FieldStep {
        @Override
        public FieldValue apply(AssetRecord record, String field, FieldValue v) {
            if (!v.hasValue()) {
                return v; // a BAD field without a value (device not read): nothing to compute on
            }
            if (!v.value().isNumeric()) {
                return notANumber(v, "clamp");
            }
            double x = v.value().asDouble();
            double c = x < min ? min : Math.min(x, max);
            if (c == x) {
                return v;
            }
            return new FieldValue(Value.of(c), v.unit(),
                    v.quality().worst(Quality.uncertain(Reason.SUBSTITUTED, "clamped from " + x)), v.timestamp());
        }
    }

    /** Rounds to a number of decimals. */
    record Round(int decimals) implements FieldStep {
        @Override
        public FieldValue apply(AssetRecord record, String field, FieldValue v) {
            if (!v.hasValue()) {
                return v; // a BAD field without a value (device not read): nothing to compute on
            }
            if (v.value().type() != Value.Type.FLOATING) {
                return v.value().isNumeric() || v.value().type() == Value.Type.BOOLEAN ? v : notANumber(v, "round");
            }
            double x = v.value().asDouble();
            double p = Math.pow(10, decimals);
            double scaled = x * p;
            if (Double.isNaN(x) || Double.isInfinite(x) || Math.abs(scaled) > 9.0e15) {
                return v; // already coarser than the precision asked for
            }
            double r = Math.round(scaled) / p;
            return r == x ? v : v.withValue(Value.of(r));
        }
    }

    /** Leaves the field out. */
    record Drop() implements FieldStep {
        @Override
        public FieldValue apply(AssetRecord record, String field, FieldValue v) {
            return null;
        }
    }

    /** A field whose timestamp lags the record's by {@code maxAge} or more becomes UNCERTAIN (STALE). */
    record Stale(Duration maxAge) implements FieldStep {
        @Override
        public FieldValue apply(AssetRecord record, String field, FieldValue v) {
            Duration age = Duration.between(v.timestamp(), record.timestamp());
            if (age.compareTo(maxAge) < 0) {
                return v;
            }
            return v.withQuality(v.quality().worst(Quality.uncertain(Reason.STALE,
                    "no update for " + age.toMillis() / 1000.0 + " s")));
        }
    }

    /**
     * Passes a field only when it moved by more than the band since it was last passed, when its quality changed,
     * or when {@code heartbeat} has passed since (by the field's own timestamps), so a steady value is still
     * reported. State is per asset and field; records of one asset arrive one at a time.
     */
    static final class Deadband implements FieldStep {
        private final double band;
        private final boolean percent;
        private final Duration heartbeat;
        private final Map<Isa95Path, Map<String, FieldValue>> lastPassed = new ConcurrentHashMap<>();

        Deadband(double band, boolean percent, Duration heartbeat) {
            this.band = band;
            this.percent = percent;
            this.heartbeat = heartbeat;
        }

        @Override
        public FieldValue apply(AssetRecord record, String field, FieldValue v) {
            Map<String, FieldValue> fields = lastPassed.computeIfAbsent(record.path(), p -> new ConcurrentHashMap<>());
            FieldValue last = fields.get(field);
            if (last == null || moved(last, v) || !last.quality().equals(v.quality())
                    || Duration.between(last.timestamp(), v.timestamp()).compareTo(heartbeat) >= 0) {
                if (!Preview.active()) { // a dry run must not move the band the next real value is measured from
                    fields.put(field, v);
                }
                return v;
            }
            return null;
        }

        private boolean moved(FieldValue last, FieldValue v) {
            if (!last.hasValue() || !v.hasValue() || !last.value().isNumeric() || !v.value().isNumeric()) {
                return !java.util.Objects.equals(last.value(), v.value());
            }
            double a = last.value().asDouble();
            double d = Math.abs(v.value().asDouble() - a);
            return percent ? d > Math.abs(a) * band / 100.0 : d > band;
        }
    }
}
