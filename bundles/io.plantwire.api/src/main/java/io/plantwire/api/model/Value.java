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

    public static final Value TRUE = new Value(Type.BOOLEAN, 1, 0, null);
    public static final Value FALSE = new Value(Type.BOOLEAN, 0, 0, null);

    private final Type type;
    private final long integer;
    private final double floating;
    private final String string;

    private Value(Type type, long integer, double floating, String string) {
        this.type = type;
        this.integer = integer;
        this.floating = floating;
        this.string = string;
    }

    public static Value of(boolean value) {
        return value ? TRUE : FALSE;
    }

    public static Value of(long value) {
        return new Value(Type.INTEGER, value, 0, null);
    }

    public static Value of(double value) {
        return new Value(Type.FLOATING, 0, value, null);
    }

    public static Value of(String value) {
        return new Value(Type.STRING, 0, 0, Objects.requireNonNull(value, "value"));
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
                return integer != 0;
            case FLOATING:
                return floating != 0.0;
            default:
                throw new IllegalStateException("a STRING value is not a boolean: \"" + string + "\"");
        }
    }

    /** The value as a long; floating values are truncated towards zero, booleans are 0 or 1. */
    public long asLong() {
        switch (type) {
            case BOOLEAN:
            case INTEGER:
                return integer;
            case FLOATING:
                return (long) floating;
            default:
                throw new IllegalStateException("a STRING value is not a number: \"" + string + "\"");
        }
    }

    /** The value as a double; booleans are 0 or 1. */
    public double asDouble() {
        switch (type) {
            case BOOLEAN:
            case INTEGER:
                return integer;
            case FLOATING:
                return floating;
            default:
                throw new IllegalStateException("a STRING value is not a number: \"" + string + "\"");
        }
    }

    /** The value as text, for any type. */
    public String asString() {
        switch (type) {
            case BOOLEAN:
                return integer != 0 ? "true" : "false";
            case INTEGER:
                return Long.toString(integer);
            case FLOATING:
                return Double.toString(floating);
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
        return type == v.type && integer == v.integer
                && Double.doubleToLongBits(floating) == Double.doubleToLongBits(v.floating)
                && Objects.equals(string, v.string);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, integer, Double.doubleToLongBits(floating), string);
    }

    @Override
    public String toString() {
        return type == Type.STRING ? '"' + string + '"' : asString();
    }
}
