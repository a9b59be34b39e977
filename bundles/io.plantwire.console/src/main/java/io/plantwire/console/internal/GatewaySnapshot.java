package io.plantwire.console.internal;

import io.plantwire.api.driver.DeviceStatus;
import io.plantwire.api.driver.Driver;
import io.plantwire.api.pipeline.PipelineMetrics;
import io.plantwire.api.pipeline.PipelineStatus;
import io.plantwire.api.pipeline.StageCounters;
import io.plantwire.api.stage.Sink;
import io.plantwire.api.stage.SinkStatus;
import io.plantwire.api.stage.StageProperties;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Everything the page shows, taken at one moment.
 *
 * @param takenAt when
 * @param refreshIntervalMs how soon the page asks again
 * @param devices every device of every driver, sorted by device id
 * @param driverFailures drivers whose {@code deviceStatus()} threw
 * @param pipeline the pipeline's state, or null when no pipeline is running
 * @param stages the pipeline's stage counters (empty without a pipeline)
 * @param sinks every sink's status, sorted by name
 * @param assets the kept assets, sorted by path, with the trend cursor of this moment; each asset's latest values and
 *        trend points (after the caller's cursor, up to this one) are read when the document is written
 * @param settings the console's limits
 * @param deadLetters every sink's dead letters, sorted by sink (empty when no sink offers them)
 */
record GatewaySnapshot(Instant takenAt, int refreshIntervalMs, List<DeviceStatus> devices,
        List<Failure> driverFailures, PipelineStatus pipeline, List<StageCounters> stages, List<SinkView> sinks,
        LatestRecordStore.Assets assets, ConsoleSettings settings, List<DeadLetterView> deadLetters) {

    /** This snapshot with the sinks' dead letters. */
    GatewaySnapshot withDeadLetters(List<DeadLetterView> views) {
        return new GatewaySnapshot(takenAt, refreshIntervalMs, devices, driverFailures, pipeline, stages, sinks,
                assets, settings, List.copyOf(views));
    }

    /**
     * A service that failed to answer.
     *
     * @param service its name (driver type or stage name, and service id)
     * @param error what it threw
     */
    record Failure(String service, String error) {
    }

    /**
     * One sink.
     *
     * @param name its stage name
     * @param status its status; null if {@code status()} threw
     * @param error what {@code status()} threw, empty otherwise
     */
    record SinkView(String name, SinkStatus status, String error) {
    }

    /** {@link #take(Instant, String, long, List, PipelineMetrics, List, LatestRecordSink)} with full trends. */
    static GatewaySnapshot take(Instant now, List<Map.Entry<Map<String, Object>, Driver>> drivers,
            PipelineMetrics metrics, List<Map.Entry<Map<String, Object>, Sink>> sinks, LatestRecordSink latest) {
        return take(now, "", 0, drivers, metrics, sinks, latest);
    }

    /**
     * Asks every service once. A service that throws is reported, never allowed to break the page.
     *
     * @param storeId with {@code after}: the trend cursor the page got last time ("" and 0 for full trends)
     * @param after the cursor
     * @param drivers driver services with their service properties
     * @param metrics the pipeline, or null
     * @param sinks sink services with their service properties
     * @param latest the console's own sink
     */
    static GatewaySnapshot take(Instant now, String storeId, long after,
            List<Map.Entry<Map<String, Object>, Driver>> drivers, PipelineMetrics metrics,
            List<Map.Entry<Map<String, Object>, Sink>> sinks, LatestRecordSink latest) {
        List<DeviceStatus> devices = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        for (Map.Entry<Map<String, Object>, Driver> d : drivers) {
            try {
                List<DeviceStatus> status = d.getValue().deviceStatus();
                if (status != null) {
                    status.stream().filter(s -> s != null).forEach(devices::add);
                }
            } catch (RuntimeException e) {
                failures.add(new Failure(driverName(d), describe(e)));
            }
        }
        devices.sort(Comparator.comparing(s -> String.valueOf(s.deviceId())));

        PipelineStatus pipeline = null;
        List<StageCounters> stages = List.of();
        if (metrics != null) {
            try {
                pipeline = metrics.status();
                stages = List.copyOf(metrics.stages());
            } catch (RuntimeException e) {
                failures.add(new Failure("pipeline", describe(e)));
            }
        }

        List<SinkView> sinkViews = new ArrayList<>();
        for (Map.Entry<Map<String, Object>, Sink> s : sinks) {
            String name = stageName(s.getKey());
            try {
                sinkViews.add(new SinkView(name, s.getValue().status(), ""));
            } catch (RuntimeException e) {
                sinkViews.add(new SinkView(name, null, describe(e)));
            }
        }
        sinkViews.sort(Comparator.comparing(SinkView::name));

        ConsoleSettings settings = latest.settings();
        return new GatewaySnapshot(now, settings.refreshIntervalMs(), List.copyOf(devices), List.copyOf(failures),
                pipeline, stages, List.copyOf(sinkViews), latest.assets(storeId, after), settings, List.of());
    }

    /** The pipeline's naming rule, so a sink is called the same here and in the stage counters. */
    static String stageName(Map<String, ?> props) {
        return StageProperties.nameOf(props);
    }

    private static String driverName(Map.Entry<Map<String, Object>, Driver> d) {
        String type;
        try {
            type = d.getValue().driverType();
        } catch (RuntimeException e) {
            type = "driver";
        }
        return type + " (" + stageNameOrId(d.getKey()) + ")";
    }

    private static String stageNameOrId(Map<String, ?> props) {
        Object component = props.get("component.name");
        return component instanceof String ? (String) component : "service " + props.get("service.id");
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
