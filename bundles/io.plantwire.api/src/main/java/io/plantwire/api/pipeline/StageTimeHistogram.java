package io.plantwire.api.pipeline;

import java.util.Arrays;
import java.util.List;

/**
 * Time a stage took per item since the pipeline started tracking it, counted in fixed buckets.
 *
 * <p>The bounds are the same for every stage ({@link #BOUNDS_NANOS}), so a metrics exporter publishes them as one
 * histogram family. Bucket {@code i} (for {@code i < BOUNDS_NANOS.size()}) counts items that took at most
 * {@code BOUNDS_NANOS.get(i)} nanoseconds and more than the previous bound; the last bucket counts those above the
 * highest bound. Counts are per bucket, not cumulative: a Prometheus {@code le} series is the running sum.
 *
 * <p>Immutable; the pipeline takes a snapshot of its counters for each {@link StageCounters}.
 *
 * @since 1.3
 */
public final class StageTimeHistogram {

    /**
     * Upper bounds in nanoseconds, ascending: 1 µs to 1 s, 1-2.5-5 per decade (stages run on the reading's thread
     * and should take microseconds). Never changes within a major version of this package.
     */
    public static final List<Long> BOUNDS_NANOS = List.of(1_000L, 2_500L, 5_000L, 10_000L, 25_000L, 50_000L,
            100_000L, 250_000L, 500_000L, 1_000_000L, 2_500_000L, 5_000_000L, 10_000_000L, 25_000_000L, 50_000_000L,
            100_000_000L, 250_000_000L, 500_000_000L, 1_000_000_000L);

    /** The number of buckets: one per bound plus one for everything above the highest bound. */
    public static final int BUCKETS = BOUNDS_NANOS.size() + 1;

    /** Nothing timed yet. */
    public static final StageTimeHistogram EMPTY = new StageTimeHistogram(new long[BUCKETS]);

    private static final long[] BOUNDS = BOUNDS_NANOS.stream().mapToLong(Long::longValue).toArray();

    private final long[] counts;

    private StageTimeHistogram(long[] counts) {
        this.counts = counts;
    }

    /**
     * A histogram of the given counts.
     *
     * @param counts items per bucket, {@link #BUCKETS} entries, none negative (copied)
     * @throws IllegalArgumentException if the array has the wrong length or a count is negative
     */
    public static StageTimeHistogram of(long[] counts) {
        if (counts == null || counts.length != BUCKETS) {
            throw new IllegalArgumentException("counts must have " + BUCKETS + " entries, got "
                    + (counts == null ? "null" : counts.length));
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) {
                throw new IllegalArgumentException("counts[" + i + "] is negative: " + counts[i]);
            }
        }
        return new StageTimeHistogram(counts.clone());
    }

    /** The bucket an item that took this long falls into, 0 to {@link #BUCKETS}{@code - 1}. */
    public static int bucketOf(long nanos) {
        int i = Arrays.binarySearch(BOUNDS, nanos);
        return i >= 0 ? i : -i - 1;
    }

    /** The items counted in bucket {@code i}. */
    public long count(int bucket) {
        return counts[bucket];
    }

    /** A copy of the counts per bucket, {@link #BUCKETS} entries. */
    public long[] counts() {
        return counts.clone();
    }

    /** All items counted. */
    public long totalCount() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StageTimeHistogram && Arrays.equals(((StageTimeHistogram) o).counts, counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "StageTimeHistogram[" + totalCount() + " items, " + Arrays.toString(counts) + "]";
    }
}
