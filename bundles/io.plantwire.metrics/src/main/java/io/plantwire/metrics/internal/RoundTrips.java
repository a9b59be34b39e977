package io.plantwire.metrics.internal;

import java.util.List;

import io.plantwire.api.driver.RoundTripHistogram;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;

/**
 * A device's {@link RoundTripHistogram} as a Prometheus classic histogram: the API's fixed bounds in seconds, plus
 * {@code +Inf}. The API counts per bucket, as the client's {@link ClassicHistogramBuckets} expects; the writer
 * turns them into cumulative {@code le} series.
 */
final class RoundTrips {

    private static final double[] UPPER_BOUNDS_SECONDS = upperBounds(RoundTripHistogram.BOUNDS_MICROS);

    private RoundTrips() {
    }

    static HistogramSnapshot.HistogramDataPointSnapshot point(long[] countsPerBucket, long sumMicros, Labels labels) {
        return HistogramSnapshot.HistogramDataPointSnapshot.builder()
                .classicHistogramBuckets(ClassicHistogramBuckets.of(UPPER_BOUNDS_SECONDS, countsPerBucket))
                .sum(sumMicros / 1e6).labels(labels).build();
    }

    private static double[] upperBounds(List<Long> boundsMicros) {
        double[] bounds = new double[boundsMicros.size() + 1];
        for (int i = 0; i < boundsMicros.size(); i++) {
            bounds[i] = boundsMicros.get(i) / 1e6;
        }
        bounds[boundsMicros.size()] = Double.POSITIVE_INFINITY;
        return bounds;
    }
}
