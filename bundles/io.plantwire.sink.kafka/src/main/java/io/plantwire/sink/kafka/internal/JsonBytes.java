package io.plantwire.sink.kafka.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * A growable byte buffer that writes JSON as UTF-8 directly, so a record's value is built without a
 * StringBuilder, a String and an encoding copy. Reused per thread by the sink. Not thread-safe.
 */
final class JsonBytes {

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private byte[] buf;
    private int size;

    JsonBytes(int capacity) {
        buf = new byte[capacity];
    }

    void reset() {
        size = 0;
    }

    int size() {
        return size;
    }

    byte[] toArray() {
        return Arrays.copyOf(buf, size);
    }

    /** The bytes from {@code from} to the end, as a new array. */
    byte[] copy(int from) {
        return Arrays.copyOfRange(buf, from, size);
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    JsonBytes raw(byte b) {
        ensure(1);
        buf[size++] = b;
        return this;
    }

    JsonBytes raw(char c) {
        return raw((byte) c);
    }

    JsonBytes raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
        return this;
    }

    JsonBytes rawInt(int v) {
        ensure(4);
        buf[size++] = (byte) (v >>> 24);
        buf[size++] = (byte) (v >>> 16);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    JsonBytes rawLong(long v) {
        rawInt((int) (v >>> 32));
        return rawInt((int) v);
    }

    /** Overwrites 4 bytes at {@code at}, big-endian. */
    void putInt(int at, int v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    /** Text known to be ASCII without characters JSON escapes (names, enum constants, numbers). */
    JsonBytes ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[size++] = (byte) s.charAt(i);
        }
        return this;
    }

    JsonBytes number(long v) {
        return ascii(Long.toString(v));
    }

    /** A JSON string: quoted, escaped as the MQTT sink escapes, UTF-8. */
    JsonBytes string(String s) {
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

    /** Exactly {@code '"' + Instant.toString() + '"'} (ISO-8601 UTC, 0/3/6/9 fraction digits). */
    JsonBytes instant(Instant t) {
        long seconds = t.getEpochSecond();
        // Years 0000-9999 only; Instant.toString() widens and signs other years.
        if (seconds < -62167219200L || seconds > 253402300799L) {
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
