package io.plantwire.driver.support.internal;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import io.plantwire.api.driver.DeviceStatus;
import io.plantwire.api.driver.RoundTripHistogram;
import io.plantwire.api.model.Quality.Reason;

/**
 * A device's request counters, round-trip times and last error. Written by the device's task (one at a time), read
 * by anyone asking for the status; a status is a snapshot of counters that may move while it is taken.
 */
public final class StatusCounters {

    private static final Reason[] REASONS = Reason.values();

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLongArray byReason = new AtomicLongArray(REASONS.length);
    private final AtomicLongArray buckets = new AtomicLongArray(RoundTripHistogram.BUCKETS);
    private final AtomicLong rttSumMicros = new AtomicLong();
    private final AtomicLong rttCount = new AtomicLong();
    private volatile long lastRttMicros;
    private volatile long maxRttMicros;
    private volatile String lastError = "";
    private volatile Instant lastErrorTime;
    private volatile Instant lastSuccessfulPoll;

    public void answered(long roundTripNanos) {
        long micros = Math.max(0, roundTripNanos / 1000);
        requests.incrementAndGet();
        buckets.incrementAndGet(RoundTripHistogram.bucketOf(micros));
        rttSumMicros.addAndGet(micros);
        rttCount.incrementAndGet();
        lastRttMicros = micros;
        if (micros > maxRttMicros) {
            maxRttMicros = micros;
        }
    }

    public void failed(Reason reason, String message) {
        if (reason == null || reason == Reason.NONE) {
            throw new IllegalArgumentException("a failed request needs a reason other than NONE, got " + reason);
        }
        requests.incrementAndGet();
        errors.incrementAndGet();
        byReason.incrementAndGet(reason.ordinal());
        error(message);
    }

    /** A last error that is not a request (a failed connect). */
    public void error(String message) {
        lastError = message == null ? "" : message;
        lastErrorTime = Instant.now();
    }

    public String lastError() {
        return lastError;
    }

    public void pollSucceeded(Instant at) {
        lastSuccessfulPoll = at;
    }

    /** The counters as a status builder; the caller adds the state and endpoint. */
    public DeviceStatus.Builder fill(DeviceStatus.Builder b) {
        long n = rttCount.get();
        long[] counts = new long[RoundTripHistogram.BUCKETS];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = buckets.get(i);
        }
        b.lastSuccessfulPoll(lastSuccessfulPoll).lastError(lastError, lastErrorTime).requests(requests.get())
                .errors(errors.get()).lastRoundTripMicros(lastRttMicros)
                .meanRoundTripMicros(n == 0 ? 0 : rttSumMicros.get() / n).maxRoundTripMicros(maxRttMicros)
                .roundTrips(RoundTripHistogram.of(counts, rttSumMicros.get()));
        for (int i = 1; i < REASONS.length; i++) {
            b.errors(REASONS[i], byReason.get(i));
        }
        return b;
    }
}
