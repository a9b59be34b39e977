package io.plantwire.metrics.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        id = MetricsConfig.PID,
        name = "Plantwire metrics",
        description = "The /metrics endpoint (Prometheus text format; OpenMetrics when the scraper asks for it). "
                + "Access: the Web Console account, or the scrape token of io.plantwire.console.access.")
@interface MetricsConfig {

    String PID = "io.plantwire.metrics";

    @AttributeDefinition(name = "Labelled values per label", min = "1", max = "100000",
            description = "At most this many devices, sinks and stages each get their own label value (the first in "
                    + "sorted order); the counters of the rest are added up under the value '_other', their gauges "
                    + "are left out, and plantwire_metrics_folded_series tells how many were folded. Bounds the "
                    + "series a scrape returns.")
    int max_label_values() default 2000;

    @AttributeDefinition(name = "JVM metrics",
            description = "Include the Prometheus client's standard JVM and process metrics (heap, threads, GC, RSS).")
    boolean jvm_metrics() default true;

    @AttributeDefinition(name = "Wait for a running scrape (ms)", min = "0", max = "60000",
            description = "One scrape runs at a time; another waits this long for it, then gets 503 with Retry-After.")
    int scrape_wait_ms() default 5000;
}
