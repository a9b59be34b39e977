package io.plantwire.api.model;

import java.util.Objects;

/**
 * A typed value of a point or field: boolean, integer (64-bit), floating (64-bit) or string.
 *
 * <p>Numbers are stored unboxed, so the data path does not allocate a wrapper per value. Conversions between
 * numeric types are explicit ({@link #asDouble()}, {@link #asLong()}); asking a string for a number throws.
 */
public final class Value {

    /** The kinds of value a point or field can carry. */
    public enum Type {
        BOOLEAN, INTEGER, FLOATING, STRING
    }

    public static final Value TRUE = new Value(Type.BOOLEAN, 1, null);
    public static final Value FALSE = new Value(Type.BOOLEAN, 0, null);

    private final Type type;
    /**
     * The integer (also 0 or 1 for a boolean), or a floating value's bits ({@link Double#doubleToLongBits}, so every
     * NaN is the same): one field instead of two makes a value 32 bytes instead of 40, and the record path makes
     * several per point.
     */
    private final long bits;
    private final String string;

    private Value(Type type, long bits, String string) {
        this.type = type;
        this.bits = bits;
        this.string = string;
    }

    public static Value of(boolean value) {
        return value ? TRUE : FALSE;
    }

    public static Value of(long value) {
        return new Value(Type.INTEGER, value, null);
    }

    public static Value of(double value) {
        return new Value(Type.FLOATING, Double.doubleToLongBits(value), null);
    }

    public static Value of(String value) {
        return new Value(Type.STRING, 0, Objects.requireNonNull(value, "value"));
    }

    public Type type() {
        return type;
    }

    public boolean isNumeric() {
        return type == Type.INTEGER || type == Type.FLOATING;
    }

    /** The boolean value; numbers are true when not zero. */
    public boolean asBoolean() {
        switch (type) {
            case BOOLEAN:
            case INTEGER:
                return bits != 0;
            case FLOATING:
                return floating() != 0.0;
            default:
                throw new IllegalStateException("a STRING value is not a boolean: \"" + string + "\"");
        }
    }

    /** The value as a long; floating values are truncated towards zero, booleans are 0 or 1. */
    public long asLong() {
        switch (type) {
            case BOOLEAN:
            case INTEGER:
                return bits;
            case FLOATING:
                return (long) floating();
            default:
                throw new IllegalStateException("a STRING value is not a number: \"" + string + "\"");
        }
    }

    /** The value as a double; booleans are 0 or 1. */
    public double asDouble() {
        switch (type) {
            case BOOLEAN:
            case INTEGER:
                return bits;
            case FLOATING:
                return floating();
            default:
                throw new IllegalStateException("a STRING value is not a number: \"" + string + "\"");
        }
    }

    /** The value as text, for any type. */
    public String asString() {
        switch (type) {
            case BOOLEAN:
                return bits != 0 ? "true" : "false";
            case INTEGER:
                return Long.toString(bits);
            case FLOATING:
                return Double.toString(floating());
            default:
                return string;
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Value)) {
            return false;
        }
        Value v = (Value) o;
        return type == v.type && bits == v.bits && Objects.equals(string, v.string);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, bits, string);
    }

    private double floating() {
        return Double.longBitsToDouble(bits);
    }

    @Override
    public String toString() {
        return type == Type.STRING ? '"' + string + '"' : asString();
    }
}
