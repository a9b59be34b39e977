package io.plantwire.sink.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * A growable byte buffer that writes JSON as UTF-8 directly, so a sink builds a payload without a StringBuilder,
 * a String and an encoding copy. A sink takes one from its {@link JsonBytesPool} per record, may write its own
 * binary framing around the JSON ({@link #rawInt}, {@link #putInt}), and hands {@link #array()} and {@link #size()}
 * to its store without copying. Not thread-safe.
 *
 * <p>Strings are escaped as the UNS schema documents (docs/mqtt.md): quote, backslash, newline, carriage return
 * and tab with a backslash, other control characters as a six-character unicode escape (lower-case hex), everything
 * else as UTF-8; a lone surrogate becomes {@code ?}, as {@code String.getBytes(UTF_8)} writes it.
 */
public final class JsonBytes {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    // Years 0000-9999 only; Instant.toString() widens and signs other years.
    private static final long MIN_PLAIN_SECOND = -62167219200L;
    private static final long MAX_PLAIN_SECOND = 253402300799L;

    private byte[] buf;
    private int size;
    // The last instant written and its bytes: the fields of one reading share their source time, so a record of 56
    // fields formats it once and copies it 55 times (the formatting was ~10 % of the gateway's CPU under load).
    private final byte[] lastInstant = new byte[32];
    private int lastInstantLength;
    private long lastInstantSeconds = Long.MIN_VALUE;
    private int lastInstantNanos;

    /** A buffer with room for {@code capacity} bytes before it grows. */
    public JsonBytes(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    /** Empties the buffer, keeping its capacity. */
    public void reset() {
        size = 0;
    }

    /** Bytes written so far. */
    public int size() {
        return size;
    }

    /** Bytes it holds before it grows. */
    public int capacity() {
        return buf.length;
    }

    /**
     * The buffer's own array, not a copy: the bytes written are {@code array()[0 .. size() - 1]}. Valid until the
     * next write or {@link #reset()} (a write may replace the array); for handing the bytes to a store or a socket
     * that copies them.
     */
    public byte[] array() {
        return buf;
    }

    /** A copy of the bytes written. */
    public byte[] toArray() {
        return Arrays.copyOf(buf, size);
    }

    /** The bytes from {@code from} to the end, as a new array. */
    public byte[] copy(int from) {
        return Arrays.copyOfRange(buf, from, size);
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    /** One byte as it is. */
    public JsonBytes raw(byte b) {
        ensure(1);
        buf[size++] = b;
        return this;
    }

    /** One ASCII character as it is. */
    public JsonBytes raw(char c) {
        return raw((byte) c);
    }

    /** Bytes as they are. */
    public JsonBytes raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
        return this;
    }

    /** Appends what {@code other} holds. */
    public JsonBytes raw(JsonBytes other) {
        ensure(other.size);
        System.arraycopy(other.buf, 0, buf, size, other.size);
        size += other.size;
        return this;
    }

    /** Makes this buffer hold exactly the bytes of {@code source} from {@code from} to its end. */
    public void setTo(JsonBytes source, int from) {
        if (from < 0 || from > source.size) {
            throw new IndexOutOfBoundsException("setTo from " + from + " of " + source.size + " bytes");
        }
        int n = source.size - from;
        size = 0;
        ensure(n);
        System.arraycopy(source.buf, from, buf, 0, n);
        size = n;
    }

    /** Four bytes, big-endian. */
    public JsonBytes rawInt(int v) {
        ensure(4);
        buf[size++] = (byte) (v >>> 24);
        buf[size++] = (byte) (v >>> 16);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    /** Eight bytes, big-endian. */
    public JsonBytes rawLong(long v) {
        rawInt((int) (v >>> 32));
        return rawInt((int) v);
    }

    /** Overwrites 4 bytes at {@code at}, big-endian (a length written after what it counts). */
    public void putInt(int at, int v) {
        if (at < 0 || at + 4 > size) {
            throw new IndexOutOfBoundsException("putInt at " + at + " of " + size + " bytes");
        }
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    /** Text known to be ASCII without characters JSON escapes (names, enum constants, numbers). */
    @SuppressWarnings("deprecation") // the char-to-low-byte copy is exactly what ASCII text needs, without a loop
    public JsonBytes ascii(String s) {
        int n = s.length();
        ensure(n);
        s.getBytes(0, n, buf, size);
        size += n;
        return this;
    }

    /** A JSON number. */
    public JsonBytes number(long v) {
        return ascii(Long.toString(v));
    }

    /** A JSON number, or for NaN and the infinities (which JSON lacks) their {@code Double.toString} as a string. */
    public JsonBytes number(double d) {
        return Double.isFinite(d) ? ascii(Double.toString(d)) : string(Double.toString(d));
    }

    /** {@code true} or {@code false}. */
    public JsonBytes bool(boolean b) {
        return ascii(b ? "true" : "false");
    }

    /** A JSON string: quoted, escaped, UTF-8. */
    public JsonBytes string(String s) {
        int n = s.length();
        ensure(n + 2);
        buf[size++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                ensure(1);
                buf[size++] = (byte) c;
            } else if (c == '"' || c == '\\') {
                raw('\\').raw(c);
            } else if (c == '\n') {
                raw('\\').raw('n');
            } else if (c == '\r') {
                raw('\\').raw('r');
            } else if (c == '\t') {
                raw('\\').raw('t');
            } else if (c < 0x20) {
                raw('\\').raw('u').raw('0').raw('0').raw(HEX[c >> 4]).raw(HEX[c & 0xf]);
            } else if (c < 0x800) {
                raw((byte) (0xc0 | (c >> 6))).raw((byte) (0x80 | (c & 0x3f)));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                raw((byte) (0xf0 | (cp >> 18))).raw((byte) (0x80 | ((cp >> 12) & 0x3f)))
                        .raw((byte) (0x80 | ((cp >> 6) & 0x3f))).raw((byte) (0x80 | (cp & 0x3f)));
            } else if (Character.isSurrogate(c)) {
                raw((byte) '?'); // a lone surrogate: what String.getBytes(UTF_8) writes
            } else {
                raw((byte) (0xe0 | (c >> 12))).raw((byte) (0x80 | ((c >> 6) & 0x3f)))
                        .raw((byte) (0x80 | (c & 0x3f)));
            }
        }
        return raw('"');
    }

    /** Exactly {@code '"' + Instant.toString() + '"'} (ISO-8601 UTC, 0/3/6/9 fraction digits), without garbage. */
    public JsonBytes instant(Instant t) {
        long seconds = t.getEpochSecond();
        int nano = t.getNano();
        if (seconds == lastInstantSeconds && nano == lastInstantNanos) {
            ensure(lastInstantLength);
            System.arraycopy(lastInstant, 0, buf, size, lastInstantLength);
            size += lastInstantLength;
            return this;
        }
        int start = size;
        formatInstant(t, seconds);
        int length = size - start;
        if (length <= lastInstant.length) {
            System.arraycopy(buf, start, lastInstant, 0, length);
            lastInstantLength = length;
            lastInstantSeconds = seconds;
            lastInstantNanos = nano;
        }
        return this;
    }

    private JsonBytes formatInstant(Instant t, long seconds) {
        if (seconds < MIN_PLAIN_SECOND || seconds > MAX_PLAIN_SECOND) {
            return raw('"').ascii(t.toString()).raw('"');
        }
        long days = Math.floorDiv(seconds, 86400L);
        int secondOfDay = (int) Math.floorMod(seconds, 86400L);
        LocalDate date = LocalDate.ofEpochDay(days);
        raw('"');
        digits(date.getYear(), 4).raw('-');
        digits(date.getMonthValue(), 2).raw('-');
        digits(date.getDayOfMonth(), 2).raw('T');
        digits(secondOfDay / 3600, 2).raw(':');
        digits(secondOfDay / 60 % 60, 2).raw(':');
        digits(secondOfDay % 60, 2);
        int nanos = t.getNano();
        if (nanos != 0) {
            raw('.');
            if (nanos % 1_000_000 == 0) {
                digits(nanos / 1_000_000, 3);
            } else if (nanos % 1000 == 0) {
                digits(nanos / 1000, 6);
            } else {
                digits(nanos, 9);
            }
        }
        return raw('Z').raw('"');
    }

    private JsonBytes digits(int value, int count) {
        ensure(count);
        for (int i = count - 1; i >= 0; i--) {
            buf[size + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        size += count;
        return this;
    }
}
