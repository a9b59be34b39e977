package io.plantwire.metrics.internal;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.plantwire.api.driver.Driver;
import io.plantwire.api.pipeline.PipelineMetrics;
import io.plantwire.api.stage.ContextProvider;
import io.plantwire.api.stage.Sink;
import io.plantwire.features.FeatureManager;
import io.plantwire.features.TrustStatus;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import org.osgi.framework.Bundle;

/**
 * One scrape of the whole gateway: asks every status source once and turns the answers into metric families. No
 * state but the failure counters; the sources are passed in, so it runs the same inside the gateway and in a
 * benchmark.
 */
final class GatewayMetrics {

    /** What a scrape reads; a null or empty source contributes nothing. */
    record Sources(List<Driver> drivers, PipelineMetrics pipeline, List<Map.Entry<Map<String, Object>, Sink>> sinks,
            List<Map.Entry<Map<String, Object>, ContextProvider>> contexts, FeatureManager features,
            TrustStatus trust, Bundle[] bundles) {
    }

    private final DeviceCollector devices;
    private final PipelineCollector pipeline;
    private final SinkCollector sinks;
    private final ContextCollector contexts;
    private final boolean jvm;
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();

    GatewayMetrics(int maxLabelValues, boolean jvm, Clock clock) {
        this.devices = new DeviceCollector(maxLabelValues, clock);
        this.pipeline = new PipelineCollector(maxLabelValues);
        this.sinks = new SinkCollector(maxLabelValues, clock);
        this.contexts = new ContextCollector(maxLabelValues, clock);
        this.jvm = jvm;
    }

    MetricSnapshots scrape(Sources sources) {
        Scrape scrape = new Scrape();
        devices.collect(sources.drivers() == null ? List.of() : sources.drivers(), scrape);
        if (sources.pipeline() != null) {
            guarded("pipeline", s -> pipeline.collect(sources.pipeline(), s), scrape);
        }
        sinks.collect(sources.sinks() == null ? List.of() : sources.sinks(), scrape);
        contexts.collect(sources.contexts() == null ? List.of() : sources.contexts(), scrape);
        if (sources.features() != null) {
            guarded("features", s -> FeatureCollector.features(sources.features(), s), scrape);
        }
        if (sources.trust() != null) {
            guarded("trust", s -> FeatureCollector.trust(sources.trust(), s), scrape);
        }
        if (sources.bundles() != null) {
            FeatureCollector.bundles(sources.bundles(), scrape);
        }
        if (jvm) {
            for (MetricSnapshot s : JvmMetricsRegistry.scrape()) {
                scrape.add(s);
            }
        }
        Map<String, Long> failed = new TreeMap<>();
        failed.put("driver", devices.driverFailures());
        failed.put("sink", sinks.sinkFailures());
        failed.put("context", contexts.failures());
        for (String source : List.of("pipeline", "features", "trust")) {
            failed.put(source, failures.computeIfAbsent(source, k -> new AtomicLong()).get());
        }
        return scrape.build(failed);
    }

    /**
     * Runs one source's collector on a scrape of its own, so that a status call throwing half-way leaves none of
     * its families behind, and counts the failure.
     */
    private void guarded(String source, Consumer<Scrape> collector, Scrape into) {
        Scrape own = new Scrape();
        try {
            collector.accept(own);
        } catch (RuntimeException e) {
            failures.computeIfAbsent(source, k -> new AtomicLong()).incrementAndGet();
            return;
        }
        own.copyInto(into);
    }
}
