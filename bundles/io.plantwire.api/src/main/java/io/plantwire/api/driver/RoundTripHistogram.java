package io.plantwire.api.driver;

import java.util.Arrays;
import java.util.List;

/**
 * Round-trip times of a device's requests since the device was started, counted in fixed buckets.
 *
 * <p>The bucket bounds are the same for every device and every driver ({@link #BOUNDS_MICROS}), so a metrics
 * exporter can publish them as one histogram family without knowing the driver. Bucket {@code i} (for
 * {@code i < BOUNDS_MICROS.size()}) counts requests whose round trip took at most {@code BOUNDS_MICROS.get(i)}
 * microseconds and more than the previous bound; the last bucket ({@code i == BOUNDS_MICROS.size()}) counts those
 * above the highest bound. Counts are per bucket, not cumulative across buckets: a Prometheus {@code le} series is
 * the running sum. The counts only grow while the device runs; a new activation starts from zero.
 *
 * <p>Immutable; a driver takes a snapshot of its counters when it builds a {@link DeviceStatus}.
 */
public final class RoundTripHistogram {

    /**
     * Upper bounds of the buckets in microseconds, ascending: 100 µs to 10 s, roughly 1-2.5-5 per decade. Never
     * changes within a major version of this package.
     */
    public static final List<Long> BOUNDS_MICROS = List.of(100L, 250L, 500L, 1_000L, 2_500L, 5_000L, 10_000L,
            25_000L, 50_000L, 100_000L, 250_000L, 500_000L, 1_000_000L, 2_500_000L, 5_000_000L, 10_000_000L);

    /** The number of buckets: one per bound plus one for everything above the highest bound. */
    public static final int BUCKETS = BOUNDS_MICROS.size() + 1;

    /** No request yet. */
    public static final RoundTripHistogram EMPTY = new RoundTripHistogram(new long[BUCKETS], 0);

    private static final long[] BOUNDS = BOUNDS_MICROS.stream().mapToLong(Long::longValue).toArray();

    private final long[] counts;
    private final long sumMicros;

    private RoundTripHistogram(long[] counts, long sumMicros) {
        this.counts = counts;
        this.sumMicros = sumMicros;
    }

    /**
     * A histogram of the given counts.
     *
     * @param counts requests per bucket, {@link #BUCKETS} entries, none negative (copied)
     * @param sumMicros the sum of all round-trip times counted, in microseconds
     * @throws IllegalArgumentException if the array has the wrong length or a count or the sum is negative
     */
    public static RoundTripHistogram of(long[] counts, long sumMicros) {
        if (counts == null || counts.length != BUCKETS) {
            throw new IllegalArgumentException("counts must have " + BUCKETS + " entries, got "
                    + (counts == null ? "null" : counts.length));
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) {
                throw new IllegalArgumentException("counts[" + i + "] is negative: " + counts[i]);
            }
        }
        if (sumMicros < 0) {
            throw new IllegalArgumentException("sumMicros is negative: " + sumMicros);
        }
        return new RoundTripHistogram(counts.clone(), sumMicros);
    }

    /** The bucket a round trip of the given length falls into, 0 to {@link #BUCKETS}{@code - 1}. */
    public static int bucketOf(long micros) {
        int i = Arrays.binarySearch(BOUNDS, micros);
        return i >= 0 ? i : -i - 1;
    }

    /** The requests counted in bucket {@code i}. */
    public long count(int bucket) {
        return counts[bucket];
    }

    /** A copy of the counts per bucket, {@link #BUCKETS} entries. */
    public long[] counts() {
        return counts.clone();
    }

    /** All requests counted. */
    public long totalCount() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    /** The sum of all round-trip times counted, in microseconds. */
    public long sumMicros() {
        return sumMicros;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RoundTripHistogram && ((RoundTripHistogram) o).sumMicros == sumMicros
                && Arrays.equals(((RoundTripHistogram) o).counts, counts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(counts) + Long.hashCode(sumMicros);
    }

    @Override
    public String toString() {
        return "RoundTripHistogram[" + totalCount() + " requests, sum " + sumMicros + " µs, " + Arrays.toString(counts) + "]";
    }
}
