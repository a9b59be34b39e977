package io.plantwire.metrics.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import io.plantwire.api.stage.Sink;
import io.plantwire.api.stage.SinkDropReason;
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

    /** The {@code reason} label of drops a sink does not attribute to a {@link SinkDropReason}. */
    static final String UNSPECIFIED = "unspecified";

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
                "Records the sink gave up on since it started, by reason: store_full_drop_oldest,"
                        + " store_full_reject_new, refused (by the destination), unspecified (not attributed).");
        GaugeSnapshot.Builder backlogBytes = Families.gauge("plantwire_sink_backlog_bytes",
                "Bytes the backlog occupies in the sink's store; absent where the sink does not tell.")
                .unit(Unit.BYTES);
        GaugeSnapshot.Builder deadLetters = Families.gauge("plantwire_sink_dead_letter_records",
                "Refused records held in the sink's dead letters; absent where the sink keeps none.");
        CounterSnapshot.Builder deadLettered = Families.counter("plantwire_sink_dead_lettered_records",
                "Records stored in the sink's dead letters since it started; absent where the sink keeps none.");
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
            for (Map.Entry<String, Long> d : dropsByLabel(s).entrySet()) {
                dropped.dataPoint(Families.count(d.getValue(), Labels.of("sink", Families.label(n.name()),
                        "reason", d.getKey())));
            }
            if (s.backlogBytes() >= 0) {
                backlogBytes.dataPoint(Families.value(s.backlogBytes(), labels));
            }
            if (s.deadLetters() >= 0) {
                deadLetters.dataPoint(Families.value(s.deadLetters(), labels));
            }
            if (s.deadLettered() >= 0) {
                deadLettered.dataPoint(Families.count(s.deadLettered(), labels));
            }
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
            Map<String, Long> x = new TreeMap<>();
            for (Named n : split.folded()) {
                d += n.status().delivered();
                dropsByLabel(n.status()).forEach((reason, count) -> x.merge(reason, count, Long::sum));
            }
            delivered.dataPoint(Families.count(d, other));
            x.forEach((reason, count) -> dropped.dataPoint(
                    Families.count(count, Labels.of("sink", LabelCap.OTHER, "reason", reason))));
        }
        scrape.add(connected.build(), backlog.build(), backlogBytes.build(), delivered.build(), dropped.build(),
                deadLetters.build(), deadLettered.build(), lastDeliveryAge.build(), oldestAge.build());
        scrape.folded("sink", split.folded().size());
    }

    /**
     * A sink's drops by reason label: each reason the sink counts (zeros included, so the series exist before the
     * first drop), and {@value #UNSPECIFIED} for drops it does not attribute (all of them from a 1.1 sink) when
     * there are any, or when the sink counts no reason at all. The values add up to {@link SinkStatus#dropped()}.
     */
    static Map<String, Long> dropsByLabel(SinkStatus s) {
        Map<String, Long> out = new TreeMap<>();
        long attributed = 0;
        for (Map.Entry<SinkDropReason, Long> e : s.droppedByReason().entrySet()) {
            out.put(e.getKey().label(), e.getValue());
            attributed += e.getValue();
        }
        long rest = s.dropped() - attributed;
        if (rest > 0 || out.isEmpty()) {
            out.put(UNSPECIFIED, Math.max(0, rest));
        }
        return out;
    }

    /** The pipeline's naming rule, so a sink has the same name here, in the stage counters and on the console. */
    static String stageName(Map<String, ?> props) {
        return StageProperties.nameOf(props);
    }
}
