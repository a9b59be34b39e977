package io.plantwire.driver.modbus.internal;

import java.nio.charset.StandardCharsets;

import io.plantwire.api.model.Value;

/** Converts between a point's registers and its typed value, honouring the point's byte and word order. */
final class RegisterCodec {

    private RegisterCodec() {
    }

    /** Thrown when registers hold no value of the point's type (e.g. a uint64 above what a Value holds). */
    static final class ConversionException extends Exception {
        private static final long serialVersionUID = 1L;

        ConversionException(String message) {
            super(message);
        }
    }

    /**
     * Decodes a register point from a block of registers.
     *
     * @param regs the block's registers as read (16 bits each in the low half of a short)
     * @param offset index of the point's first register in {@code regs}
     */
    static Value decode(PointDefinition p, short[] regs, int offset) throws ConversionException {
        switch (p.type()) {
            case BIT:
                return Value.of((regs[offset] >> p.bit() & 1) != 0);
            case STRING: {
                byte[] b = bytes(regs, offset, p.registers(), p.order());
                int len = 0;
                while (len < b.length && b[len] != 0) {
                    len++;
                }
                return Value.of(new String(b, 0, len, StandardCharsets.ISO_8859_1).stripTrailing());
            }
            default:
                break;
        }
        long raw = raw(regs, offset, p.registers(), p.order());
        switch (p.type()) {
            case INT16:
                return Value.of((long) (short) raw);
            case UINT16:
                return Value.of(raw & 0xFFFF);
            case INT32:
                return Value.of((long) (int) raw);
            case UINT32:
                return Value.of(raw & 0xFFFF_FFFFL);
            case INT64:
                return Value.of(raw);
            case UINT64:
                if (raw < 0) {
                    throw new ConversionException("uint64 " + Long.toUnsignedString(raw) + " is above " + Long.MAX_VALUE
                            + ", the largest integer a value can carry");
                }
                return Value.of(raw);
            case FLOAT32:
                return Value.of((double) Float.intBitsToFloat((int) raw));
            case FLOAT64:
                return Value.of(Double.longBitsToDouble(raw));
            default:
                throw new IllegalStateException("not a register type: " + p.type());
        }
    }

    /**
     * The point's registers as one big-endian number, undoing the configured swaps: the same bytes as
     * {@link #bytes}, without an array per point (this runs for every numeric point of every poll).
     */
    private static long raw(short[] regs, int offset, int count, RegisterOrder order) {
        long raw = 0;
        for (int i = 0; i < count; i++) {
            int r = regs[offset + (order.wordSwap() ? count - 1 - i : i)] & 0xFFFF;
            raw = raw << 16 | (order.byteSwap() ? (r & 0xFF) << 8 | r >>> 8 : r);
        }
        return raw;
    }

    /** The point's bytes in big-endian value order, undoing the configured swaps. */
    private static byte[] bytes(short[] regs, int offset, int count, RegisterOrder order) {
        byte[] b = new byte[2 * count];
        for (int i = 0; i < count; i++) {
            short r = regs[offset + (order.wordSwap() ? count - 1 - i : i)];
            byte hi = (byte) (r >> 8);
            byte lo = (byte) r;
            b[2 * i] = order.byteSwap() ? lo : hi;
            b[2 * i + 1] = order.byteSwap() ? hi : lo;
        }
        return b;
    }

    /** Registers in wire order for a big-endian value's bytes, applying the configured swaps. */
    private static short[] registers(byte[] b, RegisterOrder order) {
        int count = b.length / 2;
        short[] regs = new short[count];
        for (int i = 0; i < count; i++) {
            byte hi = order.byteSwap() ? b[2 * i + 1] : b[2 * i];
            byte lo = order.byteSwap() ? b[2 * i] : b[2 * i + 1];
            regs[order.wordSwap() ? count - 1 - i : i] = (short) ((hi & 0xFF) << 8 | (lo & 0xFF));
        }
        return regs;
    }

    /**
     * Encodes a value for a register point (not {@link DataType#BIT}, which needs read-modify-write).
     *
     * @throws IllegalArgumentException naming the value and why it does not fit the point's type
     */
    static short[] encode(PointDefinition p, Value v) {
        if (p.type() == DataType.STRING) {
            String s = v.asString();
            byte[] text = s.getBytes(StandardCharsets.ISO_8859_1);
            if (!new String(text, StandardCharsets.ISO_8859_1).equals(s)) {
                throw new IllegalArgumentException("'" + s + "' has characters outside ISO-8859-1");
            }
            if (text.length > 2 * p.registers()) {
                throw new IllegalArgumentException("'" + s + "' has " + text.length + " characters, the point holds "
                        + 2 * p.registers());
            }
            byte[] b = new byte[2 * p.registers()];
            System.arraycopy(text, 0, b, 0, text.length);
            return registers(b, p.order());
        }
        if (!v.isNumeric() && v.type() != Value.Type.BOOLEAN) {
            throw new IllegalArgumentException("value " + v + " is not a number, the point is " + p.type().configName);
        }
        long bits;
        switch (p.type()) {
            case FLOAT32: {
                double d = v.asDouble();
                if (Double.isFinite(d) && Math.abs(d) > Float.MAX_VALUE) {
                    throw new IllegalArgumentException("value " + v + " is outside the float32 range");
                }
                bits = Float.floatToIntBits((float) d) & 0xFFFF_FFFFL;
                break;
            }
            case FLOAT64:
                bits = Double.doubleToLongBits(v.asDouble());
                break;
            default:
                bits = integer(p.type(), v);
                break;
        }
        int n = p.registers();
        byte[] b = new byte[2 * n];
        for (int i = 2 * n - 1; i >= 0; i--) {
            b[i] = (byte) bits;
            bits >>>= 8;
        }
        return registers(b, p.order());
    }

    private static long integer(DataType type, Value v) {
        if (v.type() == Value.Type.FLOATING) {
            double d = v.asDouble();
            if (d != Math.rint(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("value " + v + " is not a whole number, the point is " + type.configName);
            }
        }
        long x = v.asLong();
        long min;
        long max;
        switch (type) {
            case INT16:
                min = Short.MIN_VALUE;
                max = Short.MAX_VALUE;
                break;
            case UINT16:
                min = 0;
                max = 0xFFFF;
                break;
            case INT32:
                min = Integer.MIN_VALUE;
                max = Integer.MAX_VALUE;
                break;
            case UINT32:
                min = 0;
                max = 0xFFFF_FFFFL;
                break;
            case INT64:
                min = Long.MIN_VALUE;
                max = Long.MAX_VALUE;
                break;
            case UINT64:
                min = 0;
                max = Long.MAX_VALUE;
                break;
            default:
                throw new IllegalStateException("not an integer type: " + type);
        }
        if (x < min || x > max) {
            throw new IllegalArgumentException("value " + v + " is outside the " + type.configName + " range " + min + ".." + max);
        }
        return x;
    }
}
