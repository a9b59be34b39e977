package io.plantwire.metrics.internal;

import java.util.List;

import io.plantwire.api.driver.RoundTripHistogram;
import io.plantwire.api.pipeline.StageTimeHistogram;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;

/**
 * The API's bucketed times as Prometheus classic histograms: the API's fixed bounds in seconds, plus {@code +Inf}.
 * The API counts per bucket, as the client's {@link ClassicHistogramBuckets} expects; the writer turns them into
 * cumulative {@code le} series.
 */
final class Histograms {

    /** {@link RoundTripHistogram#BOUNDS_MICROS} in seconds. */
    static final double[] ROUND_TRIP_BOUNDS = seconds(RoundTripHistogram.BOUNDS_MICROS, 1e6);
    /** {@link StageTimeHistogram#BOUNDS_NANOS} in seconds. */
    static final double[] STAGE_TIME_BOUNDS = seconds(StageTimeHistogram.BOUNDS_NANOS, 1e9);

    private Histograms() {
    }

    static HistogramSnapshot.HistogramDataPointSnapshot point(double[] bounds, long[] countsPerBucket,
            double sumSeconds, Labels labels) {
        return HistogramSnapshot.HistogramDataPointSnapshot.builder()
                .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, countsPerBucket))
                .sum(sumSeconds).labels(labels).build();
    }

    /** Adds {@code counts} into {@code into}, bucket by bucket. */
    static void add(long[] into, long[] counts) {
        for (int i = 0; i < into.length; i++) {
            into[i] += counts[i];
        }
    }

    private static double[] seconds(List<Long> bounds, double perSecond) {
        double[] out = new double[bounds.size() + 1];
        for (int i = 0; i < bounds.size(); i++) {
            out[i] = bounds.get(i) / perSecond;
        }
        out[bounds.size()] = Double.POSITIVE_INFINITY;
        return out;
    }
}
