package io.plantwire.driver.support.internal;

import java.time.Instant;

import io.plantwire.api.model.DeviceReading;
import io.plantwire.api.model.PointSample;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Value;
import io.plantwire.driver.support.PollGroup;
import io.plantwire.driver.support.PollResult;

/** The samples of one poll of one group, and whether the driver metered its own requests. */
public final class PollCycle implements PollResult {

    private static final Quality MISSING = Quality.bad(Quality.Reason.NOT_AVAILABLE, "the driver returned no sample for this point");

    private final PollGroup<?> group;
    private final PointSample[] samples;
    /** Null for a dry-run read: nothing is counted. */
    private final StatusCounters counters;
    private boolean metered;
    private boolean failed;

    public PollCycle(PollGroup<?> group, StatusCounters counters) {
        this.group = group;
        this.samples = new PointSample[group.points().size()];
        this.counters = counters;
    }

    @Override
    public PollGroup<?> group() {
        return group;
    }

    private int index(String point) {
        int i = group.indexOf(point);
        if (i < 0) {
            throw new IllegalArgumentException("poll group '" + group.name() + "' has no point '" + point + "'");
        }
        return i;
    }

    @Override
    public void good(String point, Value value) {
        good(point, value, Instant.now());
    }

    @Override
    public void good(String point, Value value, Instant sourceTime) {
        int i = index(point);
        samples[i] = new PointSample(value, Quality.GOOD, sourceTime, group.unit(i));
    }

    @Override
    public void bad(String point, Quality quality) {
        int i = index(point);
        samples[i] = PointSample.bad(quality, Instant.now(), group.unit(i));
    }

    @Override
    public void sample(String point, PointSample sample) {
        samples[index(point)] = java.util.Objects.requireNonNull(sample, "sample");
    }

    @Override
    public void answered(long roundTripNanos) {
        metered = true;
        if (counters != null) {
            counters.answered(roundTripNanos);
        }
    }

    @Override
    public void failed(Quality.Reason reason, String message) {
        metered = true;
        failed = true;
        if (counters != null) {
            counters.failed(reason, message);
        }
    }

    /** The read threw. */
    public void markFailed() {
        failed = true;
    }

    /** True if a request of this poll failed, or the read threw. */
    public boolean anyFailed() {
        return failed;
    }

    /** True once the driver called the meter. */
    public boolean metered() {
        return metered;
    }

    /** Every point without a sample gets this BAD quality. */
    public void fillMissing(Quality quality) {
        Instant now = null;
        for (int i = 0; i < samples.length; i++) {
            if (samples[i] == null) {
                now = now == null ? Instant.now() : now;
                samples[i] = PointSample.bad(quality, now, group.unit(i));
            }
        }
    }

    /** The reading, in the group's point order; points without a sample become BAD(NOT_AVAILABLE). */
    public DeviceReading reading(String deviceId) {
        fillMissing(MISSING);
        Instant now = Instant.now();
        DeviceReading.Builder b = DeviceReading.builder(deviceId, now, samples.length);
        for (int i = 0; i < samples.length; i++) {
            b.point(group.points().get(i), samples[i]);
        }
        return b.build();
    }
}
