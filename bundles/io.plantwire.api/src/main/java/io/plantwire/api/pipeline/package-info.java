/**
 * What the pipeline core tells about itself: counters per stage and the state of the hold buffer. Provided by
 * the pipeline bundle as the {@link io.plantwire.api.pipeline.PipelineMetrics} service, read by the Web Console
 * plugin and by metrics exporters.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.plantwire.api.pipeline;
