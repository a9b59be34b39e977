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
 */
public record StageCounters(StageKind kind, String name, boolean present, long in, long out, long filtered,
        long failed, long waiting, long processingNanos) {
}
