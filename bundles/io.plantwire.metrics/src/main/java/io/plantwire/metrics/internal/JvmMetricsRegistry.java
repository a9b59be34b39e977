package io.plantwire.metrics.internal;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * The Prometheus client's standard JVM and process metrics (memory, threads, GC, class loading, RSS), in a registry
 * of their own made once per bundle lifetime: JvmMetrics remembers every registry it was registered with in a static
 * set and registers GC listeners that cannot be removed, so one registry per component activation would pile up.
 */
final class JvmMetricsRegistry {

    private static final class Holder {
        static final PrometheusRegistry REGISTRY = create();

        private static PrometheusRegistry create() {
            PrometheusRegistry registry = new PrometheusRegistry();
            JvmMetrics.builder().register(registry);
            return registry;
        }
    }

    private JvmMetricsRegistry() {
    }

    static MetricSnapshots scrape() {
        return Holder.REGISTRY.scrape();
    }
}
