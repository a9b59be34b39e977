package io.plantwire.metrics.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.plantwire.api.driver.ConnectionState;
import io.plantwire.api.driver.DeviceStatus;
import io.plantwire.api.driver.Driver;
import io.plantwire.api.driver.RoundTripHistogram;
import io.plantwire.api.driver.WriteRequest;
import io.plantwire.api.driver.WriteResult;
import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.Quality;
import io.plantwire.api.pipeline.PipelineMetrics;
import io.plantwire.api.pipeline.PipelineStatus;
import io.plantwire.api.pipeline.StageCounters;
import io.plantwire.api.pipeline.StageKind;
import io.plantwire.api.pipeline.StageTimeHistogram;
import io.plantwire.api.stage.Sink;
import io.plantwire.api.stage.SinkDropReason;
import io.plantwire.api.stage.SinkStatus;
import io.plantwire.api.stage.StageProperties;

/**
 * The status sources of a gateway of a given size, shaped like the reference scenario: one Modbus driver service
 * per device, one mapper and one static context provider per asset, one rules normalizer, one SQL context
 * provider, two sinks (MQTT, Kafka). Every device and stage has filled histograms and errors, the worst case for a
 * scrape.
 */
final class SyntheticGateway {

    private SyntheticGateway() {
    }

    static GatewayMetrics.Sources sources(int devices, int assets) {
        List<Driver> drivers = new ArrayList<>();
        Instant now = Instant.now();
        for (int d = 0; d < devices; d++) {
            drivers.add(new FixedDriver(device("meter-" + d, now)));
        }
        List<StageCounters> stages = new ArrayList<>();
        for (int a = 0; a < assets; a++) {
            stages.add(stage(StageKind.MAPPER, "tank-" + a + "-map"));
            stages.add(stage(StageKind.CONTEXT, "tank-" + a + "-static"));
        }
        stages.add(stage(StageKind.NORMALIZER, "tank-rules"));
        stages.add(stage(StageKind.CONTEXT, "mes-sql"));
        stages.add(stage(StageKind.SINK, "uns-mqtt"));
        stages.add(stage(StageKind.SINK, "kafka"));
        PipelineMetrics pipeline = new FixedPipeline(new PipelineStatus(1_000_000, 999_000, 998_000, 0, 100_000, 0,
                0, 12, List.of(), 0, 32 << 20), stages);
        List<Map.Entry<Map<String, Object>, Sink>> sinks = List.of(
                Map.entry(Map.of(StageProperties.STAGE_NAME, "uns-mqtt"), new FixedSink()),
                Map.entry(Map.of(StageProperties.STAGE_NAME, "kafka"), new FixedSink()));
        return new GatewayMetrics.Sources(drivers, pipeline, sinks, List.of(), null, null, null);
    }

    private static DeviceStatus device(String id, Instant now) {
        long[] counts = new long[RoundTripHistogram.BUCKETS];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = 100 + i;
        }
        return DeviceStatus.builder(id, "modbus").endpoint("tcp://10.0.0.1:502 unit 1")
                .state(ConnectionState.CONNECTED).lastSuccessfulPoll(now).requests(100_000)
                .errors(Quality.Reason.TIMEOUT, 12).errors(Quality.Reason.DISCONNECTED, 3)
                .errors(Quality.Reason.DEVICE_EXCEPTION, 1).maxRoundTripMicros(40_000)
                .roundTrips(RoundTripHistogram.of(counts, 123_456_789)).build();
    }

    private static StageCounters stage(StageKind kind, String name) {
        long[] counts = new long[StageTimeHistogram.BUCKETS];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = 10 + i;
        }
        return new StageCounters(kind, name, true, 100_000, 100_000, 0, 0, 0, 987_654_321,
                StageTimeHistogram.of(counts));
    }

    private record FixedDriver(DeviceStatus status) implements Driver {
        @Override
        public String driverType() {
            return "modbus";
        }

        @Override
        public List<DeviceStatus> deviceStatus() {
            return List.of(status);
        }

        @Override
        public CompletionStage<WriteResult> write(WriteRequest request) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException());
        }
    }

    private record FixedPipeline(PipelineStatus status, List<StageCounters> stages) implements PipelineMetrics {
    }

    private static final class FixedSink implements Sink {
        // Every 1.2 count, as the store-and-forward sinks report them, so the scrape renders all sink series.
        private final SinkStatus status = SinkStatus.builder().connected(true).backlog(120, 96_000)
                .oldestRecordTime(Instant.now().minusSeconds(2)).delivered(1_000_000, Instant.now())
                .dropped(SinkDropReason.STORE_FULL_DROP_OLDEST, 2).dropped(SinkDropReason.STORE_FULL_REJECT_NEW, 0)
                .dropped(SinkDropReason.REFUSED, 1).deadLetters(1, 1).build();

        @Override
        public void accept(AssetRecord record) {
        }

        @Override
        public SinkStatus status() {
            return status;
        }
    }
}
