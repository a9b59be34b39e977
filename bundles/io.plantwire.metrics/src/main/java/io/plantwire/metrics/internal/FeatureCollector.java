package io.plantwire.metrics.internal;

import java.util.Map;
import java.util.TreeMap;

import io.plantwire.features.FeatureInfo;
import io.plantwire.features.FeatureManager;
import io.plantwire.features.TrustStatus;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;

import org.osgi.framework.Bundle;

/** Installed features with their versions, bundle states, and install refusals by kind. */
final class FeatureCollector {

    private static final Map<Integer, String> BUNDLE_STATES = Map.of(Bundle.UNINSTALLED, "uninstalled",
            Bundle.INSTALLED, "installed", Bundle.RESOLVED, "resolved", Bundle.STARTING, "starting",
            Bundle.STOPPING, "stopping", Bundle.ACTIVE, "active");

    private FeatureCollector() {
    }

    static void features(FeatureManager manager, Scrape scrape) {
        InfoSnapshot.Builder info = InfoSnapshot.builder().name("plantwire_feature")
                .help("An installed feature, with its version.");
        for (FeatureInfo f : manager.features()) {
            if (f.installed()) {
                info.dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(Labels.of(
                        "feature", Families.label(f.name()), "version", Families.label(version(f.id())))).build());
            }
        }
        scrape.add(info.build());
    }

    static void trust(TrustStatus trust, Scrape scrape) {
        CounterSnapshot.Builder refusals = Families.counter("plantwire_feature_install_refusals",
                "Jars and feature files the installer refused since start, by kind (unsigned, tampered, ...).");
        new TreeMap<>(trust.refusalsByKind()).forEach((kind, n) -> refusals.dataPoint(Families.count(n,
                Labels.of("kind", Families.label(kind)))));
        scrape.add(refusals.build());
    }

    static void bundles(Bundle[] bundles, Scrape scrape) {
        Map<String, Long> counts = new TreeMap<>();
        BUNDLE_STATES.values().forEach(s -> counts.put(s, 0L));
        for (Bundle b : bundles) {
            counts.merge(BUNDLE_STATES.getOrDefault(b.getState(), "unknown"), 1L, Long::sum);
        }
        GaugeSnapshot.Builder gauge = Families.gauge("plantwire_bundles", "Bundles in the framework, by state.");
        counts.forEach((state, n) -> gauge.dataPoint(Families.value(n, Labels.of("state", state))));
        scrape.add(gauge.build());
    }

    /** The version of a feature id {@code group:artifact[:type[:classifier]]:version}; empty if it has none. */
    static String version(String id) {
        if (id == null) {
            return "";
        }
        String[] parts = id.split(":");
        return parts.length >= 3 ? parts[parts.length - 1] : "";
    }
}
