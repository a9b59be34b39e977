package io.plantwire.api.pipeline;

/** The kinds of stage in the data path, in the order records pass them. */
public enum StageKind {
    MAPPER, NORMALIZER, CONTEXT, SINK
}
