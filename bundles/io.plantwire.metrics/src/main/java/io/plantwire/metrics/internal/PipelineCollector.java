package io.plantwire.metrics.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.plantwire.api.pipeline.PipelineMetrics;
import io.plantwire.api.pipeline.PipelineStatus;
import io.plantwire.api.pipeline.StageCounters;
import io.plantwire.api.pipeline.StageTimeHistogram;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.Unit;

/** The pipeline's counters and each stage's, read from the {@link PipelineMetrics} service at scrape time. */
final class PipelineCollector {

    private final int maxLabelValues;

    PipelineCollector(int maxLabelValues) {
        this.maxLabelValues = maxLabelValues;
    }

    void collect(PipelineMetrics pipeline, Scrape scrape) {
        PipelineStatus p = pipeline.status();
        Labels none = Labels.EMPTY;
        scrape.add(
                counter("plantwire_pipeline_readings_in", "Readings the drivers submitted.", p.readingsIn()),
                counter("plantwire_pipeline_readings_processed", "Readings that went through the stages.",
                        p.readingsProcessed()),
                counter("plantwire_pipeline_records_out", "Records handed to at least one sink.", p.recordsOut()),
                counter("plantwire_pipeline_records_unrouted", "Records no sink took: no sink selected their asset.",
                        p.unrouted()),
                Families.counter("plantwire_pipeline_readings_dropped",
                        "Readings lost to a full hold buffer, by reason: overflow_dropped (oldest held reading "
                                + "dropped) or overflow_rejected (new reading refused).")
                        .dataPoint(Families.count(p.overflowDropped(), Labels.of("reason", "overflow_dropped")))
                        .dataPoint(Families.count(p.overflowRejected(), Labels.of("reason", "overflow_rejected")))
                        .build(),
                Families.gauge("plantwire_pipeline_held_readings",
                        "Readings held right now because a required stage is absent.")
                        .dataPoint(Families.value(p.held(), none)).build(),
                Families.gauge("plantwire_pipeline_hold_capacity_readings", "Readings the hold buffer takes.")
                        .dataPoint(Families.value(p.holdCapacity(), none)).build(),
                Families.gauge("plantwire_pipeline_held_bytes",
                        "Estimated heap bytes the held readings take (an upper estimate).").unit(Unit.BYTES)
                        .dataPoint(Families.value(p.heldBytes(), none)).build(),
                Families.gauge("plantwire_pipeline_hold_max_bytes", "The hold buffer's byte bound.").unit(Unit.BYTES)
                        .dataPoint(Families.value(p.holdMaxBytes(), none)).build(),
                Families.gauge("plantwire_pipeline_missing_required_stages",
                        "Required stages that are absent right now (readings wait while any is).")
                        .dataPoint(Families.value(p.missingRequiredStages().size(), none)).build());
        stages(pipeline.stages(), scrape);
    }

    private void stages(List<StageCounters> stages, Scrape scrape) {
        // A stage is named per kind; the same name under two kinds is two stages.
        LabelCap.Split<StageCounters> split = LabelCap.split(stages, s -> s.kind() + "\u0000" + s.name(),
                maxLabelValues);
        CounterSnapshot.Builder in = Families.counter("plantwire_stage_in",
                "Items handed to the stage (readings for mappers, records otherwise).");
        CounterSnapshot.Builder out = Families.counter("plantwire_stage_out",
                "Records the stage passed on (emitted by mappers, accepted by sinks).");
        CounterSnapshot.Builder filtered = Families.counter("plantwire_stage_filtered",
                "Records the stage filtered out on purpose.");
        CounterSnapshot.Builder failed = Families.counter("plantwire_stage_failed", "Items on which the stage threw.");
        CounterSnapshot.Builder seconds = Families.counter("plantwire_stage_processing_seconds",
                "Time spent inside the stage; divided by the rate of plantwire_stage_in_total it is the time per "
                        + "item.").unit(Unit.SECONDS);
        HistogramSnapshot.Builder itemTimes = HistogramSnapshot.builder().name("plantwire_stage_item_seconds")
                .help("Time one item took inside the stage (absent while the pipeline has timed none).")
                .unit(Unit.SECONDS);
        GaugeSnapshot.Builder waiting = Families.gauge("plantwire_stage_waiting_readings",
                "Readings held because this required stage is absent.");
        GaugeSnapshot.Builder present = Families.gauge("plantwire_stage_present",
                "1 while the stage's service is registered, 0 while it is away.");
        for (StageCounters s : split.labelled()) {
            Labels labels = Labels.of("kind", kind(s), "stage", Families.label(s.name()));
            in.dataPoint(Families.count(s.in(), labels));
            out.dataPoint(Families.count(s.out(), labels));
            filtered.dataPoint(Families.count(s.filtered(), labels));
            failed.dataPoint(Families.count(s.failed(), labels));
            seconds.dataPoint(Families.count(s.processingNanos() / 1e9, labels));
            if (s.itemTimes().totalCount() > 0) {
                itemTimes.dataPoint(Histograms.point(Histograms.STAGE_TIME_BOUNDS, s.itemTimes().counts(),
                        s.processingNanos() / 1e9, labels));
            }
            waiting.dataPoint(Families.value(s.waiting(), labels));
            present.dataPoint(Families.value(s.present() ? 1 : 0, labels));
        }
        // Folded stages: their counters added up per kind.
        Map<String, long[]> folded = new LinkedHashMap<>();
        Map<String, long[]> foldedTimes = new LinkedHashMap<>();
        for (StageCounters s : split.folded()) {
            Histograms.add(foldedTimes.computeIfAbsent(kind(s), k -> new long[StageTimeHistogram.BUCKETS]),
                    s.itemTimes().counts());
            long[] sum = folded.computeIfAbsent(kind(s), k -> new long[5]);
            sum[0] += s.in();
            sum[1] += s.out();
            sum[2] += s.filtered();
            sum[3] += s.failed();
            sum[4] += s.processingNanos();
        }
        folded.forEach((kind, sum) -> {
            Labels labels = Labels.of("kind", kind, "stage", LabelCap.OTHER);
            in.dataPoint(Families.count(sum[0], labels));
            out.dataPoint(Families.count(sum[1], labels));
            filtered.dataPoint(Families.count(sum[2], labels));
            failed.dataPoint(Families.count(sum[3], labels));
            seconds.dataPoint(Families.count(sum[4] / 1e9, labels));
            long[] times = foldedTimes.get(kind);
            if (Arrays.stream(times).sum() > 0) {
                itemTimes.dataPoint(Histograms.point(Histograms.STAGE_TIME_BOUNDS, times, sum[4] / 1e9, labels));
            }
        });
        scrape.add(in.build(), out.build(), filtered.build(), failed.build(), seconds.build(), itemTimes.build(),
                waiting.build(), present.build());
        scrape.folded("stage", split.folded().size());
    }

    private static String kind(StageCounters s) {
        return s.kind() == null ? "unknown" : s.kind().name().toLowerCase();
    }

    private static CounterSnapshot counter(String name, String help, long value) {
        return Families.counter(name, help).dataPoint(Families.count(value, Labels.EMPTY)).build();
    }
}
