/**
 * What the pipeline core tells about itself: counters per stage and the state of the hold buffer. Provided by
 * the pipeline bundle as the {@link io.plantwire.api.pipeline.PipelineMetrics} service, read by the Web Console
 * plugin and by metrics exporters; and the {@link io.plantwire.api.pipeline.DryRun} service, which shows what a
 * reading would publish without publishing it.
 *
 * <p>1.1: {@link io.plantwire.api.pipeline.DryRun}. 1.2: {@link io.plantwire.api.pipeline.PipelineStatus} reports
 * the hold buffer's byte bound and estimated bytes held. 1.3: {@link io.plantwire.api.pipeline.StageCounters} carries
 * the time per item in buckets ({@link io.plantwire.api.pipeline.StageTimeHistogram}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package io.plantwire.api.pipeline;
