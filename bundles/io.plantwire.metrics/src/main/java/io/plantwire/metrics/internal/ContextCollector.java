package io.plantwire.metrics.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.plantwire.api.stage.ContextProvider;
import io.plantwire.api.stage.ContextStatus;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * Each context provider's {@link ContextStatus}, read at scrape time. Providers that report
 * {@link ContextStatus#UNKNOWN} (static context, providers on API 1.1) are left out; one whose status call throws is
 * left out and counted.
 */
final class ContextCollector {

    private record Named(String name, ContextStatus status) {
    }

    private final int maxLabelValues;
    private final Clock clock;
    private final AtomicLong failures = new AtomicLong();

    ContextCollector(int maxLabelValues, Clock clock) {
        this.maxLabelValues = maxLabelValues;
        this.clock = clock;
    }

    long failures() {
        return failures.get();
    }

    void collect(List<Map.Entry<Map<String, Object>, ContextProvider>> providers, Scrape scrape) {
        Map<String, Named> byName = new LinkedHashMap<>();
        for (Map.Entry<Map<String, Object>, ContextProvider> e : providers) {
            ContextStatus status;
            try {
                status = e.getValue().status();
            } catch (RuntimeException failed) {
                failures.incrementAndGet();
                continue;
            }
            if (status != null && status != ContextStatus.UNKNOWN) {
                String name = SinkCollector.stageName(e.getKey());
                byName.putIfAbsent(name, new Named(name, status));
            }
        }
        LabelCap.Split<Named> split = LabelCap.split(new ArrayList<>(byName.values()), Named::name, maxLabelValues);
        Instant now = clock.instant();
        CounterSnapshot.Builder lookups = Families.counter("plantwire_context_lookups",
                "Lookups the context provider made against its source (one per asset and refresh).");
        CounterSnapshot.Builder failed = Families.counter("plantwire_context_lookup_failures",
                "Lookups that failed (timeout, error answer, unreachable source).");
        GaugeSnapshot.Builder entries = Families.gauge("plantwire_context_entries",
                "Assets the provider's cache holds an entry for.");
        GaugeSnapshot.Builder stale = Families.gauge("plantwire_context_stale_entries",
                "Entries past their time to live or whose last lookup failed.");
        GaugeSnapshot.Builder age = Families.gauge("plantwire_context_oldest_entry_age_seconds",
                "Seconds since the oldest entry's last good answer.").unit(Unit.SECONDS);
        GaugeSnapshot.Builder up = Families.gauge("plantwire_context_source_up",
                "0 while the provider considers its source in an outage, 1 otherwise.");
        for (Named n : split.labelled()) {
            Labels labels = Labels.of("provider", Families.label(n.name()));
            ContextStatus s = n.status();
            lookups.dataPoint(Families.count(s.lookups(), labels));
            failed.dataPoint(Families.count(s.failures(), labels));
            entries.dataPoint(Families.value(s.entries(), labels));
            stale.dataPoint(Families.value(s.staleEntries(), labels));
            if (s.oldestAnswer() != null) {
                age.dataPoint(Families.value(Math.max(0, Duration.between(s.oldestAnswer(), now).toNanos() / 1e9),
                        labels));
            }
            up.dataPoint(Families.value(s.sourceDown() ? 0 : 1, labels));
        }
        if (!split.folded().isEmpty()) {
            Labels other = Labels.of("provider", LabelCap.OTHER);
            lookups.dataPoint(Families.count(split.folded().stream().mapToLong(n -> n.status().lookups()).sum(),
                    other));
            failed.dataPoint(Families.count(split.folded().stream().mapToLong(n -> n.status().failures()).sum(),
                    other));
        }
        scrape.add(lookups.build(), failed.build(), entries.build(), stale.build(), age.build(), up.build());
        scrape.folded("context", split.folded().size());
    }
}
