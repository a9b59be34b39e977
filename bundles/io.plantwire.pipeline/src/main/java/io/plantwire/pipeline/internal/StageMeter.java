package io.plantwire.pipeline.internal;

import java.util.concurrent.atomic.LongAdder;

import io.plantwire.api.pipeline.StageCounters;
import io.plantwire.api.pipeline.StageKind;
import io.plantwire.api.pipeline.StageTimeHistogram;

/** Counters of one named stage. Lives as long as the pipeline, so a stage that is swapped keeps counting. */
final class StageMeter {
    final StageKind kind;
    final String name;
    final LongAdder in = new LongAdder();
    final LongAdder out = new LongAdder();
    final LongAdder filtered = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder nanos = new LongAdder();
    /** Items per time bucket (StageTimeHistogram's bounds); adders, like the counters, for threads polling at once. */
    private final LongAdder[] timeBuckets = new LongAdder[StageTimeHistogram.BUCKETS];
    /** Number of services registered under this name right now. */
    volatile int present;
    /** Set after a failure was logged; cleared by the next success, so one run of failures logs once. */
    volatile boolean failing;

    StageMeter(StageKind kind, String name) {
        this.kind = kind;
        this.name = name;
        for (int i = 0; i < timeBuckets.length; i++) {
            timeBuckets[i] = new LongAdder();
        }
    }

    /** One item took this long inside the stage. */
    void timed(long itemNanos) {
        nanos.add(itemNanos);
        timeBuckets[StageTimeHistogram.bucketOf(itemNanos)].increment();
    }

    StageCounters snapshot(long waiting) {
        return new StageCounters(kind, name, present > 0, in.sum(), out.sum(), filtered.sum(), failed.sum(), waiting,
                nanos.sum(), itemTimes());
    }

    private StageTimeHistogram itemTimes() {
        long[] counts = new long[timeBuckets.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = timeBuckets[i].sum();
        }
        return StageTimeHistogram.of(counts);
    }
}
