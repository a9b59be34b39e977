package io.plantwire.console.internal;

import java.util.Arrays;

/**
 * The newest values of one numeric field, oldest overwritten first. Not thread-safe: guarded by its
 * {@link AssetEntry}.
 *
 * <p>Each point is a {@code float} value (a sparkline needs no more) and a store-wide sequence number: 12 bytes.
 * The sequence lets the page fetch only the points it has not seen ({@link #since}), so a poll carries a few new
 * points instead of every trend in full. The arrays grow by doubling up to the capacity, so a field that updated
 * ten times costs ten points, not the full capacity. {@code NaN} marks a gap (a BAD sample).
 */
final class TrendBuffer {

    private static final int INITIAL = 16;

    private float[] values;
    private long[] sequences;
    private int capacity;
    private int start;
    private int size;
    /** Sequence of the newest point that was overwritten or trimmed away; 0 while none was. */
    private long lostUpTo;
    /** Source time of the newest sample, to add each sample once however often the mapper re-emits it. */
    private long lastSourceTime = Long.MIN_VALUE;

    TrendBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("trend capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        int initial = Math.min(INITIAL, capacity);
        this.values = new float[initial];
        this.sequences = new long[initial];
    }

    int capacity() {
        return capacity;
    }

    int size() {
        return size;
    }

    /** The source time of the newest sample added, or {@link Long#MIN_VALUE} when none was. */
    long lastSourceTime() {
        return lastSourceTime;
    }

    /**
     * Adds a point.
     *
     * @param sequence store-wide, increasing
     * @param sourceTime the sample's source time, epoch milliseconds
     * @param value the value; NaN for a gap
     */
    void add(long sequence, long sourceTime, double value) {
        lastSourceTime = sourceTime;
        if (size < capacity) {
            if (size == values.length) {
                // Not full yet, so nothing has wrapped: start is 0 and a plain copy keeps the order.
                int grown = Math.min(capacity, values.length * 2);
                values = Arrays.copyOf(values, grown);
                sequences = Arrays.copyOf(sequences, grown);
            }
            int at = (start + size) % values.length;
            values[at] = (float) value;
            sequences[at] = sequence;
            size++;
        } else {
            lostUpTo = sequences[start];
            values[start] = (float) value;
            sequences[start] = sequence;
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
        if (keep < size) {
            lostUpTo = sequences[(start + size - keep - 1) % values.length];
        }
        float[] v = new float[Math.max(keep, Math.min(INITIAL, newCapacity))];
        long[] s = new long[v.length];
        for (int i = 0; i < keep; i++) {
            int from = (start + size - keep + i) % values.length;
            v[i] = values[from];
            s[i] = sequences[from];
        }
        values = v;
        sequences = s;
        start = 0;
        size = keep;
        capacity = newCapacity;
    }

    /** All points up to {@code upTo}, oldest first. */
    Trend snapshot(long upTo) {
        return since(0, upTo);
    }

    /**
     * The points with {@code after < sequence <= upTo}, oldest first. If points after {@code after} were
     * overwritten meanwhile, the caller's copy has a hole: then every point up to {@code upTo} is returned, marked
     * full, so the caller replaces its copy instead of appending.
     */
    Trend since(long after, long upTo) {
        boolean full = after <= 0 || lostUpTo > after;
        long from = full ? Long.MIN_VALUE : after;
        int first = 0;
        while (first < size && sequences[(start + first) % values.length] <= from) {
            first++;
        }
        int end = size;
        while (end > first && sequences[(start + end - 1) % values.length] > upTo) {
            end--;
        }
        float[] v = new float[end - first];
        for (int i = first; i < end; i++) {
            v[i - first] = values[(start + i) % values.length];
        }
        return new Trend(v, full);
    }

    /**
     * Points of a trend, oldest first.
     *
     * @param values the values; {@code NaN} for gaps
     * @param full true if these are all the points kept; false if they follow points the reader already has
     */
    record Trend(float[] values, boolean full) {
    }
}
