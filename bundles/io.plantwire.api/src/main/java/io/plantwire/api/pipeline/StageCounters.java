package io.plantwire.api.pipeline;

/**
 * Counters of one stage service since the pipeline started tracking it. A stage that goes away and comes back
 * under the same name keeps counting.
 *
 * @param kind mapper, normalizer, context provider or sink
 * @param name the stage's name ({@code plantwire.stage.name}, or the component name when it has none)
 * @param present whether the stage's service is registered now
 * @param in items handed to the stage (readings for mappers, records otherwise)
 * @param out records the stage passed on (records emitted by mappers; records accepted by sinks)
 * @param filtered records the stage filtered out on purpose (a normalizer returned null)
 * @param failed items on which the stage threw; the pipeline logs the first of each run and goes on
 * @param waiting readings held right now because this stage is required and absent
 * @param processingNanos total time spent inside the stage
 * @param itemTimes the time each item took inside the stage, in buckets (since 1.3; never null,
 *        {@link StageTimeHistogram#EMPTY} where not counted); its sum of times is {@code processingNanos}
 */
public record StageCounters(StageKind kind, String name, boolean present, long in, long out, long filtered,
        long failed, long waiting, long processingNanos, StageTimeHistogram itemTimes) {

    public StageCounters {
        itemTimes = itemTimes == null ? StageTimeHistogram.EMPTY : itemTimes;
    }

    /** The 1.2 form, without the time buckets ({@link StageTimeHistogram#EMPTY}). */
    public StageCounters(StageKind kind, String name, boolean present, long in, long out, long filtered,
            long failed, long waiting, long processingNanos) {
        this(kind, name, present, in, out, filtered, failed, waiting, processingNanos, StageTimeHistogram.EMPTY);
    }
}
