package io.plantwire.console.internal;

import java.util.Arrays;

/**
 * The newest values of one numeric field, oldest overwritten first. Not thread-safe: guarded by its
 * {@link AssetEntry}.
 *
 * <p>Values are kept as {@code float} (a sparkline needs no more) with their source time in epoch milliseconds:
 * 12 bytes a point. The arrays grow by doubling up to the capacity, so a field that updated ten times costs ten
 * points, not the full capacity. {@code NaN} marks a gap (a BAD sample).
 */
final class TrendBuffer {

    private static final int INITIAL = 16;

    private float[] values;
    private long[] times;
    private int capacity;
    private int start;
    private int size;

    TrendBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("trend capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        int initial = Math.min(INITIAL, capacity);
        this.values = new float[initial];
        this.times = new long[initial];
    }

    int capacity() {
        return capacity;
    }

    int size() {
        return size;
    }

    /** The time of the newest point, or {@link Long#MIN_VALUE} when empty. */
    long lastTime() {
        return size == 0 ? Long.MIN_VALUE : times[(start + size - 1) % values.length];
    }

    void add(long epochMillis, double value) {
        if (size < capacity) {
            if (size == values.length) {
                // Not full yet, so nothing has wrapped: start is 0 and a plain copy keeps the order.
                int grown = Math.min(capacity, values.length * 2);
                values = Arrays.copyOf(values, grown);
                times = Arrays.copyOf(times, grown);
            }
            int at = (start + size) % values.length;
            values[at] = (float) value;
            times[at] = epochMillis;
            size++;
        } else {
            values[start] = (float) value;
            times[start] = epochMillis;
            start = (start + 1) % values.length;
        }
    }

    /** Keeps the newest points that fit the new capacity. */
    void resize(int newCapacity) {
        if (newCapacity < 1) {
            throw new IllegalArgumentException("trend capacity must be at least 1, got " + newCapacity);
        }
        if (newCapacity == capacity) {
            return;
        }
        int keep = Math.min(size, newCapacity);
        float[] v = new float[Math.max(keep, Math.min(INITIAL, newCapacity))];
        long[] t = new long[v.length];
        for (int i = 0; i < keep; i++) {
            int from = (start + size - keep + i) % values.length;
            v[i] = values[from];
            t[i] = times[from];
        }
        values = v;
        times = t;
        start = 0;
        size = keep;
        capacity = newCapacity;
    }

    /** The points, oldest first. */
    Trend snapshot() {
        float[] v = new float[size];
        long[] t = new long[size];
        for (int i = 0; i < size; i++) {
            int from = (start + i) % values.length;
            v[i] = values[from];
            t[i] = times[from];
        }
        return new Trend(v, t);
    }

    /**
     * A copy of a trend's points, oldest first.
     *
     * @param values the values; {@code NaN} for gaps
     * @param times their source times, epoch milliseconds
     */
    record Trend(float[] values, long[] times) {
        static final Trend NONE = new Trend(new float[0], new long[0]);
    }
}
