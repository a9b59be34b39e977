package io.plantwire.api.stage;

import java.time.Instant;

import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Value;

/**
 * The latest value of each of a fixed number of fields, kept in flat arrays instead of the {@link FieldValue}s it
 * was given: for a stage that remembers every field of an asset between records (a mapper merging several devices
 * into one asset, a view of the latest record).
 *
 * <p>Why not keep the {@code FieldValue}s: a stage that keeps the latest one replaces it at the poll rate, so each
 * lives one poll period. Under load that is longer than the gateway's small young generation lasts (~12 ms in the
 * wide benchmark, at ~130 MB/s of allocation), so every one of them was promoted and died in the old generation: one
 * full collection every few hundred milliseconds (docs/decisions/sink-throughput.md, "Sixth round"). This holder keeps
 * the number, the unit, the quality and the timestamp; what it keeps by reference (units, qualities, strings,
 * timestamps) is shared by all fields of a reading or constant, and {@link #get} makes a new {@code FieldValue} for
 * the moment it is needed.
 *
 * <p>Not thread-safe: the owner guards it (the mapper's per-asset lock, say).
 *
 * @since 1.3
 */
public final class LatestFields {

    private static final byte EMPTY = 0;
    private static final byte NO_VALUE = 1; // a BAD field without a value
    private static final byte BOOLEAN = 2;
    private static final byte INTEGER = 3;
    private static final byte FLOATING = 4;
    private static final byte STRING = 5;

    private final byte[] kinds;
    private final long[] bits;
    private final String[] strings;
    private final String[] units;
    private final Quality[] qualities;
    private final Instant[] timestamps;

    /**
     * @param size the number of fields, each addressed by its index {@code 0 <= slot < size}
     * @throws IllegalArgumentException if {@code size} is negative
     */
    public LatestFields(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("LatestFields size must not be negative, got " + size);
        }
        kinds = new byte[size];
        bits = new long[size];
        strings = new String[size];
        units = new String[size];
        qualities = new Quality[size];
        timestamps = new Instant[size];
    }

    private LatestFields(LatestFields o) {
        kinds = o.kinds.clone();
        bits = o.bits.clone();
        strings = o.strings.clone();
        units = o.units.clone();
        qualities = o.qualities.clone();
        timestamps = o.timestamps.clone();
    }

    /** The number of fields. */
    public int size() {
        return kinds.length;
    }

    /** True if the field holds a value (or a BAD field without one): {@link #set} was called and not {@link #clear}. */
    public boolean isSet(int slot) {
        return kinds[slot] != EMPTY;
    }

    /** The field's timestamp, or {@code null} if it is not set. */
    public Instant timestamp(int slot) {
        return timestamps[slot];
    }

    /**
     * Keeps a field's value.
     *
     * @return true if the value, the quality or the unit differ from what the field held, or it held nothing; a
     *         new timestamp alone is no change
     */
    public boolean set(int slot, FieldValue field) {
        Value v = field.value();
        byte kind;
        long b;
        String s = null;
        if (v == null) {
            kind = NO_VALUE;
            b = 0;
        } else {
            switch (v.type()) {
                case BOOLEAN:
                    kind = BOOLEAN;
                    b = v.asBoolean() ? 1 : 0;
                    break;
                case INTEGER:
                    kind = INTEGER;
                    b = v.asLong();
                    break;
                case FLOATING:
                    kind = FLOATING;
                    b = Double.doubleToLongBits(v.asDouble()); // as Value.equals compares them
                    break;
                default:
                    kind = STRING;
                    b = 0;
                    s = v.asString();
                    break;
            }
        }
        boolean changed = kinds[slot] != kind || bits[slot] != b || !java.util.Objects.equals(strings[slot], s)
                || !field.unit().equals(units[slot]) || !field.quality().equals(qualities[slot]);
        kinds[slot] = kind;
        bits[slot] = b;
        strings[slot] = s;
        units[slot] = field.unit();
        qualities[slot] = field.quality();
        timestamps[slot] = field.timestamp();
        return changed;
    }

    /** A new {@code FieldValue} equal to the one last {@link #set}, or {@code null} if the field is not set. */
    public FieldValue get(int slot) {
        Value v;
        switch (kinds[slot]) {
            case EMPTY:
                return null;
            case NO_VALUE:
                v = null;
                break;
            case BOOLEAN:
                v = Value.of(bits[slot] != 0);
                break;
            case INTEGER:
                v = Value.of(bits[slot]);
                break;
            case FLOATING:
                v = Value.of(Double.longBitsToDouble(bits[slot]));
                break;
            default:
                v = Value.of(strings[slot]);
                break;
        }
        return new FieldValue(v, units[slot], qualities[slot], timestamps[slot]);
    }

    /** Forgets a field's value. */
    public void clear(int slot) {
        kinds[slot] = EMPTY;
        bits[slot] = 0;
        strings[slot] = null;
        units[slot] = null;
        qualities[slot] = null;
        timestamps[slot] = null;
    }

    /** An independent copy (for a dry run that must leave the state as it was, say). */
    public LatestFields copy() {
        return new LatestFields(this);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("LatestFields[");
        for (int i = 0; i < kinds.length; i++) {
            b.append(i == 0 ? "" : ", ").append(get(i));
        }
        return b.append(']').toString();
    }
}
