package io.plantwire.metrics.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.plantwire.api.stage.Sink;
import io.plantwire.api.stage.SinkStatus;
import io.plantwire.api.stage.StageProperties;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.Unit;

/** Each sink's {@link SinkStatus}, read at scrape time. A sink whose status call throws is left out and counted. */
final class SinkCollector {

    /** One sink as found: its name by the pipeline's naming rule, and its status. */
    record Named(String name, SinkStatus status) {
    }

    private final int maxLabelValues;
    private final Clock clock;
    private final AtomicLong sinkFailures = new AtomicLong();

    SinkCollector(int maxLabelValues, Clock clock) {
        this.maxLabelValues = maxLabelValues;
        this.clock = clock;
    }

    long sinkFailures() {
        return sinkFailures.get();
    }

    void collect(List<Map.Entry<Map<String, Object>, Sink>> sinks, Scrape scrape) {
        Map<String, Named> byName = new LinkedHashMap<>();
        for (Map.Entry<Map<String, Object>, Sink> e : sinks) {
            SinkStatus status;
            try {
                status = e.getValue().status();
            } catch (RuntimeException failed) {
                sinkFailures.incrementAndGet();
                continue;
            }
            if (status != null) {
                String name = stageName(e.getKey());
                byName.putIfAbsent(name, new Named(name, status));
            }
        }
        LabelCap.Split<Named> split = LabelCap.split(new ArrayList<>(byName.values()), Named::name, maxLabelValues);
        Instant now = clock.instant();
        GaugeSnapshot.Builder connected = Families.gauge("plantwire_sink_connected",
                "1 while the sink is connected to its destination.");
        GaugeSnapshot.Builder backlog = Families.gauge("plantwire_sink_backlog_records",
                "Records the sink accepted that its destination has not acknowledged yet.");
        CounterSnapshot.Builder delivered = Families.counter("plantwire_sink_delivered_records",
                "Records the destination acknowledged since the sink started.");
        CounterSnapshot.Builder dropped = Families.counter("plantwire_sink_dropped_records",
                "Records the sink gave up on (its overflow policy) since it started.");
        GaugeSnapshot.Builder lastDeliveryAge = Families.gauge("plantwire_sink_last_delivery_age_seconds",
                "Seconds since the destination last acknowledged a record; absent while none was.").unit(Unit.SECONDS);
        GaugeSnapshot.Builder oldestAge = Families.gauge("plantwire_sink_oldest_record_age_seconds",
                "Seconds the oldest record of the backlog has waited; absent while the backlog is empty or the sink"
                        + " does not tell.").unit(Unit.SECONDS);
        for (Named n : split.labelled()) {
            Labels labels = Labels.of("sink", Families.label(n.name()));
            SinkStatus s = n.status();
            connected.dataPoint(Families.value(s.connected() ? 1 : 0, labels));
            backlog.dataPoint(Families.value(s.backlog(), labels));
            delivered.dataPoint(Families.count(s.delivered(), labels));
            dropped.dataPoint(Families.count(s.dropped(), labels));
            if (s.lastDelivery() != null) {
                lastDeliveryAge.dataPoint(Families.value(
                        Math.max(0, Duration.between(s.lastDelivery(), now).toNanos() / 1e9), labels));
            }
            if (s.oldestRecordTime() != null) {
                oldestAge.dataPoint(Families.value(
                        Math.max(0, Duration.between(s.oldestRecordTime(), now).toNanos() / 1e9), labels));
            }
        }
        if (!split.folded().isEmpty()) {
            Labels other = Labels.of("sink", LabelCap.OTHER);
            long d = 0;
            long x = 0;
            for (Named n : split.folded()) {
                d += n.status().delivered();
                x += n.status().dropped();
            }
            delivered.dataPoint(Families.count(d, other));
            dropped.dataPoint(Families.count(x, other));
        }
        scrape.add(connected.build(), backlog.build(), delivered.build(), dropped.build(), lastDeliveryAge.build(),
                oldestAge.build());
        scrape.folded("sink", split.folded().size());
    }

    /** The pipeline's naming rule, so a sink has the same name here, in the stage counters and on the console. */
    static String stageName(Map<String, ?> props) {
        Object name = props.get(StageProperties.STAGE_NAME);
        if (name instanceof String && !((String) name).isBlank()) {
            return (String) name;
        }
        Object component = props.get("component.name");
        if (component instanceof String) {
            return (String) component;
        }
        return "service-" + props.get("service.id");
    }
}
