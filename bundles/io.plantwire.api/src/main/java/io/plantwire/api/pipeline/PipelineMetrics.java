package io.plantwire.api.pipeline;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Live counters of the pipeline, provided as an OSGi service by the pipeline bundle. */
@ProviderType
public interface PipelineMetrics {

    /** Counters of every stage the pipeline knows of, present or absent, in data-path order. */
    List<StageCounters> stages();

    /** The pipeline's overall state. */
    PipelineStatus status();
}
