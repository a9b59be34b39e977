package io.plantwire.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.plantwire.api.driver.ConnectionState;
import io.plantwire.api.driver.DeviceStatus;
import io.plantwire.api.driver.Driver;
import io.plantwire.api.driver.OnDemandRead;
import io.plantwire.api.driver.WriteRequest;
import io.plantwire.api.driver.WriteResult;
import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.DeviceReading;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Isa95Path;
import io.plantwire.api.model.PointSample;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Value;
import io.plantwire.api.pipeline.DryRun;
import io.plantwire.api.stage.Mapper;
import io.plantwire.api.stage.Normalizer;
import io.plantwire.api.stage.Preview;
import io.plantwire.api.stage.PublishPreview;
import io.plantwire.api.stage.Sink;
import io.plantwire.api.stage.StageProperties;

class DryRunTest extends PipelineTestBase {

    static final Isa95Path TANK_1 = Isa95Path.parse("acme/rotterdam/tankfarm/line-1/cell-a/tank-1");

    private Pipeline pipeline(String... required) {
        return pipeline(PipelineTest.config("DROP_OLDEST", 100, required));
    }

    /** Emits only changed values, like a CHANGED_ONLY asset map, and keeps its state out of dry runs. */
    static final class ChangeDetectingMapper implements Mapper {
        private Value last;

        @Override
        public synchronized void map(DeviceReading reading, java.util.function.Consumer<AssetRecord> out) {
            Value v = reading.points().get("power").value();
            if (v.equals(last)) {
                return;
            }
            if (!Preview.active()) {
                last = v;
            }
            out.accept(AssetRecord.builder(TANK_1, "ChemicalTank", reading.readTime())
                    .field("power", new FieldValue(v, "kW", Quality.GOOD, reading.readTime())).build());
        }
    }

    /** A sink that would publish to a topic named after the asset, and counts what it really takes. */
    static final class PreviewingSink implements Sink, PublishPreview {
        final List<AssetRecord> accepted = new CopyOnWriteArrayList<>();

        @Override
        public void accept(AssetRecord record) {
            accepted.add(record);
        }

        @Override
        public List<Publication> preview(AssetRecord record) {
            return List.of(new Publication("uns/" + record.path(),
                    "{\"power\":" + record.field("power").value().asDouble() + "}"));
        }
    }

    static DeviceReading power(long value, long at) {
        return DeviceReading.builder("meter-1", Instant.ofEpochMilli(at)).point("power", Value.of(value)).build();
    }

    @Test
    void showsWhatEachSinkWouldSendWithoutDeliveringOrCounting() {
        Pipeline p = pipeline();
        PreviewingSink sink = new PreviewingSink();
        p.addMapper(new ChangeDetectingMapper(), props(StageProperties.STAGE_NAME, "tank-1"));
        Normalizer scale = r -> r.withField("power", r.field("power").withValue(Value.of(
                r.field("power").value().asDouble() / 10)));
        p.addNormalizer(scale, props(StageProperties.STAGE_NAME, "rules"));
        p.addSink(sink, props(StageProperties.STAGE_NAME, "uns"));
        p.addSink(r -> { }, props(StageProperties.STAGE_NAME, "historian"));

        List<DryRun.Result> results = p.run(power(425, 1));

        assertThat(results).hasSize(1);
        DryRun.Result r = results.get(0);
        assertThat(r.record().field("power").value().asDouble()).isEqualTo(42.5);
        assertThat(r.publications()).containsExactly(new DryRun.SinkPublication("uns",
                "uns/acme/rotterdam/tankfarm/line-1/cell-a/tank-1", "{\"power\":42.5}"));
        assertThat(r.notes()).containsExactly("sink 'historian' would take the record but cannot show what it sends");
        assertThat(sink.accepted).isEmpty();
        assertThat(p.status().readingsIn()).isZero();
        assertThat(p.status().recordsOut()).isZero();
        assertThat(p.stages()).allSatisfy(c -> assertThat(c.in()).isZero());
    }

    @Test
    void aDryRunLeavesStatefulStagesAsTheyWere() {
        Pipeline p = pipeline();
        PreviewingSink sink = new PreviewingSink();
        p.addMapper(new ChangeDetectingMapper(), props());
        p.addSink(sink, props());

        assertThat(p.run(power(7, 1))).hasSize(1);
        // The real reading with the same value is still a change: the dry run did not record it as seen.
        p.submit(power(7, 2));
        assertThat(sink.accepted).hasSize(1);
        // Now the mapper has seen 7: a dry run of 7 yields nothing, as the real reading would.
        assertThat(p.run(power(7, 3))).isEmpty();
        assertThat(Preview.active()).isFalse();
    }

    @Test
    void saysWhyARecordWouldNotBePublished() {
        Pipeline p = pipeline("mes");
        p.addMapper(new ChangeDetectingMapper(), props());
        p.addNormalizer(r -> null, props(StageProperties.STAGE_NAME, "deadband"));
        p.addSink(new PreviewingSink(), props());

        DryRun.Result r = p.run(power(1, 1)).get(0);

        assertThat(r.publications()).isEmpty();
        assertThat(r.notes()).containsExactly(
                "filtered by normalizer 'deadband' (deadband, rule or no fields left)",
                "required stages [mes] are absent: real readings are held now");
    }

    @Test
    void aFailingStageIsNamedAndTheRestOfTheRunGoesOn() {
        Pipeline p = pipeline();
        p.addMapper(new ChangeDetectingMapper(), props());
        p.addContextProvider(r -> {
            throw new IllegalStateException("MES answered HTTP 500");
        }, props(StageProperties.STAGE_NAME, "mes"));
        PreviewingSink sink = new PreviewingSink();
        p.addSink(sink, props(StageProperties.STAGE_NAME, "uns"));

        DryRun.Result r = p.run(power(1, 1)).get(0);

        assertThat(r.notes()).containsExactly(
                "context 'mes' failed, the record goes out without its context: MES answered HTTP 500");
        assertThat(r.publications()).extracting(DryRun.SinkPublication::sink).containsExactly("uns");
    }

    @Test
    void theCommandReadsEachDeviceOnceAndPrintsPerSink() {
        Pipeline p = pipeline();
        p.addMapper(new ChangeDetectingMapper(), props());
        p.addSink(new PreviewingSink(), props(StageProperties.STAGE_NAME, "uns"));
        FakeDriver meter = new FakeDriver("meter-1", CompletableFuture.completedFuture(List.of(
                DeviceReading.builder("meter-1", Instant.ofEpochMilli(5)).point("power", Value.of(300))
                        .point("voltage", PointSample.bad(Quality.bad(Quality.Reason.TIMEOUT, "no answer in 500 ms"),
                                Instant.ofEpochMilli(5))).build())));
        FakeDriver broken = new FakeDriver("meter-2", CompletableFuture.failedFuture(
                new IllegalStateException("device 'meter-2' is stopping")));

        String out = DryRunCommand.render(new String[0], List.of(meter, broken), p);

        assertThat(out).contains("device meter-1 (fake): 2 points read in ")
                .contains(" ms, 1 good\n  ! voltage BAD")
                .contains("  asset acme/rotterdam/tankfarm/line-1/cell-a/tank-1 (ChemicalTank)\n"
                        + "    uns -> uns/acme/rotterdam/tankfarm/line-1/cell-a/tank-1\n"
                        + "      {\"power\":300.0}\n")
                .contains("device meter-2: read failed: device 'meter-2' is stopping");
        assertThat(meter.reads).isEqualTo(1);

        assertThat(DryRunCommand.render(new String[] {"meter-9*"}, List.of(meter, broken), p))
                .endsWith("no configured device matches meter-9*\n");
        assertThat(meter.reads).isEqualTo(1);
    }

    @Test
    void deviceAndUserTextReachesTheTerminalEscaped() {
        Pipeline p = pipeline();
        FakeDriver meter = new FakeDriver("meter-1", CompletableFuture.completedFuture(List.of(
                DeviceReading.builder("meter-1", Instant.ofEpochMilli(5))
                        .point("label", PointSample.bad(Quality.bad(Quality.Reason.CONVERSION_ERROR,
                                "bad text \u001b[2J\u001b]0;owned\u0007"), Instant.ofEpochMilli(5))).build())));
        FakeDriver broken = new FakeDriver("meter-2", CompletableFuture.failedFuture(
                new IllegalStateException("gateway said \u001b[31mFIRE\nforged line")));

        String out = DryRunCommand.render(new String[0], List.of(meter, broken), p);
        String none = DryRunCommand.render(new String[] {"x\u001b[2J"}, List.of(meter, broken), p);

        assertThat(out + none).doesNotContain("\u001b").doesNotContain("\u0007");
        assertThat(out).contains("bad text \\x1b[2J\\x1b]0;owned\\x07")
                .contains("gateway said \\x1b[31mFIRE\\nforged line");
        assertThat(none).endsWith("no configured device matches x\\x1b[2J\n");
    }

    static final class FakeDriver implements Driver, OnDemandRead {
        private final String deviceId;
        private final CompletionStage<List<DeviceReading>> answer;
        int reads;

        FakeDriver(String deviceId, CompletionStage<List<DeviceReading>> answer) {
            this.deviceId = deviceId;
            this.answer = answer;
        }

        @Override
        public String driverType() {
            return "fake";
        }

        @Override
        public List<DeviceStatus> deviceStatus() {
            return List.of(new DeviceStatus(deviceId, "fake", "", ConnectionState.CONNECTED, null, "", null, 0, 0, 0,
                    0, 0));
        }

        @Override
        public CompletionStage<WriteResult> write(WriteRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<List<DeviceReading>> readNow() {
            reads++;
            return answer;
        }
    }
}
