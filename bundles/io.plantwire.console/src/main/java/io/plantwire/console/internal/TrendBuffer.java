package io.plantwire.console.internal;

/**
 * The newest values of one numeric field, oldest overwritten first. Not thread-safe: guarded by its
 * {@link AssetEntry}.
 *
 * <p>Each point is a {@code float} value (a sparkline needs no more) and a store-wide sequence number, kept as an
 * {@code int} offset from the buffer's base sequence: 8 bytes. (As a {@code long} it was 12: at 2,880 full trends of
 * 300 points, the wide benchmark's console, that was 3 MB more of the old generation.) The sequence lets the page
 * fetch only the points it has not seen ({@link #since}), so a poll carries a few new points instead of every trend in
 * full. A point more than {@link Integer#MAX_VALUE} sequences newer than the oldest kept one drops the points it
 * cannot be told apart from, as if they had been overwritten. The arrays grow by doubling up to the capacity, so a
 * field that updated ten times costs ten points, not the full capacity. {@code NaN} marks a gap (a BAD sample).
 */
final class TrendBuffer {

    private static final int INITIAL = 16;

    private float[] values;
    /** Sequence of each point minus {@link #base}. */
    private int[] offsets;
    private long base;
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
        this.offsets = new int[initial];
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
        if (size == 0) {
            base = sequence;
        } else if (sequence - base > Integer.MAX_VALUE) {
            rebase(sequence);
        }
        if (size < capacity) {
            if (size == values.length) {
                reallocate(size, Math.min(capacity, values.length * 2));
            }
            int at = (start + size) % values.length;
            values[at] = (float) value;
            offsets[at] = (int) (sequence - base);
            size++;
        } else {
            lostUpTo = sequence(start);
            values[start] = (float) value;
            offsets[start] = (int) (sequence - base);
            start = (start + 1) % values.length;
        }
    }

    private long sequence(int index) {
        return base + offsets[index];
    }

    /**
     * Makes the oldest point kept the base, after dropping the points too old to be an {@code int} offset from
     * {@code newest}; then {@code newest - base} fits.
     */
    private void rebase(long newest) {
        while (size > 0 && newest - sequence(start) > Integer.MAX_VALUE) {
            lostUpTo = sequence(start);
            start = (start + 1) % values.length;
            size--;
        }
        if (size == 0) {
            base = newest;
            return;
        }
        long newBase = sequence(start);
        int shift = offsets[start]; // newBase - base: the oldest kept point's offset
        for (int i = 0; i < size; i++) {
            offsets[(start + i) % values.length] -= shift;
        }
        base = newBase;
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
            lostUpTo = sequence((start + size - keep - 1) % values.length);
        }
        reallocate(keep, Math.max(keep, Math.min(INITIAL, newCapacity)));
        capacity = newCapacity;
    }

    /** Keeps the newest {@code keep} points, oldest first, in new arrays of {@code length}. */
    private void reallocate(int keep, int length) {
        float[] v = new float[length];
        int[] o = new int[length];
        for (int i = 0; i < keep; i++) {
            int from = (start + size - keep + i) % values.length;
            v[i] = values[from];
            o[i] = offsets[from];
        }
        values = v;
        offsets = o;
        start = 0;
        size = keep;
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
        while (first < size && sequence((start + first) % values.length) <= from) {
            first++;
        }
        int end = size;
        while (end > first && sequence((start + end - 1) % values.length) > upTo) {
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
