package io.plantwire.pipeline.internal;

import java.util.Map;

import io.plantwire.api.model.DeviceReading;
import io.plantwire.api.model.PointSample;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Value;

/**
 * An upper estimate of the heap a held {@link DeviceReading} keeps alive, for the hold buffer's byte bound.
 *
 * <p>Conservative on purpose, so the bound holds on any 64-bit JVM: every object is counted with a 16-byte header
 * and 8-byte references (uncompressed oops; with compressed oops, the default below 32 GB heaps, objects are
 * smaller), rounded up to 8 bytes; every string is counted as its own copy (point names, units and the device id
 * are usually shared with the driver's configuration and cost nothing extra); every timestamp as its own
 * {@code Instant}; a non-GOOD quality with its detail text. The layouts are those of the JDK 17 classes
 * (String with a byte array, LinkedHashMap entries, the unmodifiable map wrapper).
 */
final class ReadingSize {

    static final int HEADER = 16;
    static final int REF = 8;
    /** String: header, hash, coder, hashIsZero, value reference. */
    static final int STRING = align(HEADER + 4 + 1 + 1 + REF);
    /** Instant: header, seconds, nanos. */
    static final int INSTANT = align(HEADER + 8 + 4);
    /** DeviceReading: header, device id, read time, points. */
    static final int READING = align(HEADER + 3 * REF);
    /** Collections.unmodifiableMap wrapper: header, map, key set, entry set, values. */
    static final int UNMODIFIABLE_MAP = align(HEADER + 4 * REF);
    /**
     * LinkedHashMap: HashMap's table, entry set, key set, values, size, modCount, threshold, loadFactor; head, tail,
     * accessOrder.
     */
    static final int LINKED_HASH_MAP = align(HEADER + 6 * REF + 4 * 4 + 1);
    /** LinkedHashMap.Entry: header, hash, key, value, next, before, after. */
    static final int MAP_ENTRY = align(HEADER + 4 + 5 * REF);
    /** PointSample: header, value, quality, source time, unit. */
    static final int SAMPLE = align(HEADER + 4 * REF);
    /** Value: header, type, long, double, string. */
    static final int VALUE = align(HEADER + REF + 8 + 8 + REF);
    /** Quality: header, status, reason, code, detail. */
    static final int QUALITY = align(HEADER + 2 * REF + 4 + REF);
    /** The hold buffer's own cost per reading: its entry object and a deque slot (the deque may be half empty). */
    static final int HOLD_ENTRY = align(HEADER + REF + 8) + 2 * REF;

    private ReadingSize() {
    }

    /** Bytes the reading keeps alive while held, estimated from above. */
    static long of(DeviceReading reading) {
        Map<String, PointSample> points = reading.points();
        int n = points.size();
        long bytes = HOLD_ENTRY + READING + INSTANT + string(reading.deviceId()) + UNMODIFIABLE_MAP + LINKED_HASH_MAP
                + array(tableCapacity(n) * (long) REF);
        for (Map.Entry<String, PointSample> e : points.entrySet()) {
            PointSample s = e.getValue();
            bytes += MAP_ENTRY + string(e.getKey()) + SAMPLE + VALUE + INSTANT + string(s.unit());
            Value v = s.value();
            if (v != null && v.type() == Value.Type.STRING) {
                bytes += string(v.asString());
            }
            Quality q = s.quality();
            if (q != Quality.GOOD) {
                bytes += QUALITY + string(q.detail());
            }
        }
        return bytes;
    }

    /** A string with its byte array: one byte per character if all are Latin-1 (compact strings), else two. */
    static long string(String s) {
        int length = s.length();
        boolean latin1 = true;
        for (int i = 0; i < length && latin1; i++) {
            latin1 = s.charAt(i) < 0x100;
        }
        return STRING + array(latin1 ? length : 2L * length);
    }

    /** A HashMap table holding n entries at the default load factor: a power of two, at least 16 once used. */
    static int tableCapacity(int n) {
        if (n == 0) {
            return 0;
        }
        int needed = (int) Math.ceil(n / 0.75);
        int cap = 16;
        while (cap < needed) {
            cap <<= 1;
        }
        return cap;
    }

    private static long array(long payload) {
        return align(HEADER + payload);
    }

    private static int align(long bytes) {
        return (int) ((bytes + 7) & ~7L);
    }
}
