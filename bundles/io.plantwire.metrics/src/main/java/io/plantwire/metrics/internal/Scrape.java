package io.plantwire.metrics.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * The metric families of one scrape, gathered from the collectors, plus what the collectors report about
 * themselves: series folded by the label cap and status sources that failed.
 */
final class Scrape {

    private final List<MetricSnapshot> families = new ArrayList<>();
    private final Map<String, Integer> folded = new TreeMap<>();

    void add(MetricSnapshot... snapshots) {
        for (MetricSnapshot s : snapshots) {
            // A family without data points says nothing and only costs bytes (e.g. no sink yet).
            if (!s.getDataPoints().isEmpty()) {
                families.add(s);
            }
        }
    }

    /** {@code n} label values of this kind were folded into {@code _other}. */
    void folded(String kind, int n) {
        folded.merge(kind, n, Integer::sum);
    }

    /** Adds this scrape's families and folded counts to another. */
    void copyInto(Scrape other) {
        other.families.addAll(families);
        folded.forEach(other::folded);
    }

    /** All families, with {@code plantwire_metrics_folded_series} and the given source failure counts. */
    MetricSnapshots build(Map<String, Long> sourceFailures) {
        GaugeSnapshot.Builder foldedSeries = Families.gauge("plantwire_metrics_folded_series",
                "Devices, sinks, stages or context providers past the label cap (max.label.values) whose counters are added up under "
                        + "the label value _other.");
        for (String kind : List.of("device", "sink", "stage", "context")) {
            foldedSeries.dataPoint(Families.value(folded.getOrDefault(kind, 0), Labels.of("kind", kind)));
        }
        CounterSnapshot.Builder failures = Families.counter("plantwire_metrics_source_failures",
                "Status calls that threw during a scrape (that source is missing from the scrape), by source.");
        sourceFailures.forEach((source, n) -> failures.dataPoint(Families.count(n, Labels.of("source", source))));
        MetricSnapshots.Builder out = MetricSnapshots.builder();
        families.forEach(out::metricSnapshot);
        out.metricSnapshot(foldedSeries.build());
        out.metricSnapshot(failures.build());
        return out.build();
    }
}
