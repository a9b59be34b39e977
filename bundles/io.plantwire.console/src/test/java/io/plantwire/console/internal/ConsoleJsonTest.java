package io.plantwire.console.internal;

import static io.plantwire.console.internal.Records.T0;
import static io.plantwire.console.internal.Records.tank;
import static io.plantwire.console.internal.Records.tankRecord;
import static org.assertj.core.api.Assertions.assertThat;

import io.plantwire.api.driver.ConnectionState;
import io.plantwire.api.driver.DeviceStatus;
import io.plantwire.api.driver.Driver;
import io.plantwire.api.driver.WriteRequest;
import io.plantwire.api.driver.WriteResult;
import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.ContextValue;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Value;
import io.plantwire.api.pipeline.PipelineMetrics;
import io.plantwire.api.pipeline.PipelineStatus;
import io.plantwire.api.pipeline.StageCounters;
import io.plantwire.api.pipeline.StageKind;
import io.plantwire.api.stage.Sink;
import io.plantwire.api.stage.SinkStatus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;

class ConsoleJsonTest {

    static final String HOSTILE = "</script><img src=x onerror=alert('pwned')>&amp;\"\\\u2028\u0007";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-25T12:30:00Z");

    // Every sample a trend point (spacing 0): the fixed clock would put all records at one instant.
    private final LatestRecordSink latest = new LatestRecordSink(new ConsoleSettings(100, 300, 32, 2000, 0),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void rendersDevicesPipelineSinksAndAssets() throws Exception {
        latest.accept(tankRecord(1, 0, 41.5, 20.0));
        latest.accept(tankRecord(1, 1, 42.25, 20.5).withContext("batch", new ContextValue("B-7", T0, true)));
        Driver modbus = driver("modbus", List.of(
                device("meter-2", ConnectionState.DISCONNECTED, "connection refused"),
                device("meter-1", ConnectionState.CONNECTED, "")));
        PipelineMetrics pipeline = pipeline(List.of("tank-rules"));
        Sink mqtt = new Sink() {
            @Override
            public void accept(AssetRecord record) {
            }

            @Override
            public SinkStatus status() {
                return new SinkStatus(false, 17, 1200, 3, "broker unreachable", T0);
            }
        };

        GatewaySnapshot snapshot = GatewaySnapshot.take(NOW, List.of(entry(Map.of("component.name", "modbus-1"),
                modbus)), pipeline, List.of(entry(Map.of("plantwire.stage.name", "uns-mqtt"), mqtt),
                        entry(Map.of("plantwire.stage.name", "console-latest"), latest)), latest);
        JsonNode root = JSON.readTree(ConsoleJson.render(snapshot));

        assertThat(root.get("takenAt").asLong()).isEqualTo(NOW.toEpochMilli());
        assertThat(root.get("refreshIntervalMs").asInt()).isEqualTo(2000);

        JsonNode devices = root.get("devices");
        assertThat(devices).hasSize(2);
        assertThat(devices.get(0).get("deviceId").asText()).isEqualTo("meter-1");
        assertThat(devices.get(1).get("state").asText()).isEqualTo("DISCONNECTED");
        assertThat(devices.get(1).get("lastError").asText()).isEqualTo("connection refused");
        assertThat(devices.get(0).get("lastSuccessfulPoll").asLong()).isEqualTo(T0.toEpochMilli());
        assertThat(devices.get(0).get("lastErrorTime").isNull()).isTrue();
        assertThat(devices.get(0).get("meanRoundTripMicros").asLong()).isEqualTo(450);
        assertThat(devices.get(1).get("lastErrorCurrent").asBoolean()).isTrue();
        assertThat(devices.get(0).get("lastErrorCurrent").asBoolean()).isFalse();

        JsonNode p = root.get("pipeline");
        assertThat(p.get("readingsIn").asLong()).isEqualTo(100);
        assertThat(p.get("held").asLong()).isEqualTo(4);
        assertThat(p.get("heldBytes").asLong()).isEqualTo(13_984);
        assertThat(p.get("holdMaxBytes").asLong()).isEqualTo(33_554_432);
        assertThat(p.get("overflowDropped").asLong()).isEqualTo(2);
        assertThat(p.get("missingRequiredStages").get(0).asText()).isEqualTo("tank-rules");
        assertThat(p.get("stages").get(1).get("name").asText()).isEqualTo("tank-rules");
        assertThat(p.get("stages").get(1).get("present").asBoolean()).isFalse();
        assertThat(p.get("stages").get(1).get("waiting").asLong()).isEqualTo(4);

        JsonNode sinks = root.get("sinks");
        assertThat(sinks).extracting(s -> s.get("name").asText()).containsExactly("console-latest", "uns-mqtt");
        assertThat(sinks.get(1).get("backlog").asLong()).isEqualTo(17);
        assertThat(sinks.get(1).get("connected").asBoolean()).isFalse();
        assertThat(sinks.get(1).get("lastError").asText()).isEqualTo("broker unreachable");
        assertThat(sinks.get(0).get("delivered").asLong()).isEqualTo(2);

        JsonNode assets = root.get("assets");
        assertThat(assets.get("kept").asInt()).isEqualTo(1);
        assertThat(assets.get("max").asInt()).isEqualTo(100);
        JsonNode tank1 = assets.get("items").get(0);
        assertThat(tank1.get("path").asText()).isEqualTo("acme/rotterdam/tankfarm/line-1/cell-a/tank-1");
        assertThat(tank1.get("levels").get("area").asText()).isEqualTo("tankfarm");
        assertThat(tank1.get("type").asText()).isEqualTo("ChemicalTank");
        assertThat(tank1.get("updates").asLong()).isEqualTo(2);
        JsonNode power = tank1.get("fields").get(0);
        assertThat(power.get("name").asText()).isEqualTo("power");
        assertThat(power.get("value").asText()).isEqualTo("42.25");
        assertThat(power.get("valueType").asText()).isEqualTo("FLOATING");
        assertThat(power.get("unit").asText()).isEqualTo("kW");
        assertThat(power.get("quality").get("status").asText()).isEqualTo("GOOD");
        assertThat(power.get("trend").get("values")).extracting(JsonNode::asDouble).containsExactly(41.5, 42.25);
        assertThat(power.get("trend").get("full").asBoolean()).isTrue();
        assertThat(assets.get("trendPoints").asInt()).isEqualTo(300);
        assertThat(assets.get("cursor").asLong()).isEqualTo(4); // two fields, two samples each
        assertThat(assets.get("storeId").asText()).isNotBlank();
        JsonNode batch = tank1.get("context").get(0);
        assertThat(batch.get("key").asText()).isEqualTo("batch");
        assertThat(batch.get("stale").asBoolean()).isTrue();
    }

    @Test
    void aLargeDocumentIsStreamedInChunksAndIsTheSameDocument() throws Exception {
        for (int tank = 1; tank <= 40; tank++) {
            for (int second = 0; second < 90; second++) {
                latest.accept(tankRecord(tank, second, 40 + tank + second / 8.0, 20.0 + second)
                        .withContext("batch", new ContextValue("B-" + tank + HOSTILE, T0, false)));
            }
        }
        GatewaySnapshot snapshot = GatewaySnapshot.take(NOW, List.of(), null, List.of(), latest);
        List<Integer> chunks = new java.util.ArrayList<>();
        StringBuilder streamed = new StringBuilder();
        boolean[] flushed = { false };
        java.io.Writer sink = new java.io.Writer() {
            @Override
            public void write(char[] buf, int off, int len) {
                chunks.add(len);
                streamed.append(buf, off, len);
            }

            @Override
            public java.io.Writer append(CharSequence csq) {
                chunks.add(csq.length());
                streamed.append(csq);
                return this;
            }

            @Override
            public void flush() {
                flushed[0] = true;
            }

            @Override
            public void close() {
            }
        };

        ConsoleJson.write(snapshot, sink);

        String whole = ConsoleJson.render(snapshot);
        assertThat(whole.length()).isGreaterThan(3 * JsonWriter.SPILL_CHARS);
        assertThat(streamed.toString()).isEqualTo(whole);
        assertThat(chunks).hasSizeGreaterThan(3).allSatisfy(n -> assertThat(n).isLessThan(JsonWriter.SPILL_CHARS
                + 4096)); // one field with its trend past the spill size at most
        assertThat(flushed[0]).isTrue();
        JsonNode items = JSON.readTree(streamed.toString()).get("assets").get("items");
        assertThat(items).hasSize(40);
        assertThat(items.get(39).get("context").get(0).get("value").asText()).endsWith(HOSTILE);
    }

    @Test
    void pointsArrivingBetweenTheSnapshotAndItsWritingComeOnceWithTheNextCursor() throws Exception {
        latest.accept(tankRecord(1, 0, 41.5, 20.0));
        latest.accept(tankRecord(2, 0, 51.5, 30.0));
        // Taken now, written later: the assets' views are taken as the document is written.
        GatewaySnapshot snapshot = GatewaySnapshot.take(NOW, List.of(), null, List.of(), latest);
        latest.accept(tankRecord(1, 1, 42.0, 21.0));
        latest.accept(tankRecord(2, 1, 52.0, 31.0));

        JsonNode first = JSON.readTree(ConsoleJson.render(snapshot)).get("assets");
        assertThat(first.get("kept").asInt()).isEqualTo(2);
        for (JsonNode asset : first.get("items")) {
            assertThat(asset.get("fields").get(0).get("trend").get("values")).hasSize(1); // up to the cursor only
        }
        JsonNode next = JSON.readTree(ConsoleJson.render(GatewaySnapshot.take(NOW, first.get("storeId").asText(),
                first.get("cursor").asLong(), List.of(), null, List.of(), latest))).get("assets");
        assertThat(next.get("items").get(0).get("fields").get(0).get("trend").get("values"))
                .extracting(JsonNode::asDouble).containsExactly(42.0);
        assertThat(next.get("items").get(1).get("fields").get(1).get("trend").get("values"))
                .extracting(JsonNode::asDouble).containsExactly(31.0);
    }

    @Test
    void aPollWithTheLastCursorCarriesOnlyNewTrendPoints() throws Exception {
        latest.accept(tankRecord(1, 0, 41.5, 20.0));
        JsonNode first = JSON.readTree(ConsoleJson.render(GatewaySnapshot.take(NOW, List.of(), null, List.of(),
                latest))).get("assets");
        String store = first.get("storeId").asText();
        long cursor = first.get("cursor").asLong();
        latest.accept(tankRecord(1, 1, 42.0, 20.0));
        latest.accept(tankRecord(1, 2, 42.5, 20.5));

        JsonNode next = JSON.readTree(ConsoleJson.render(GatewaySnapshot.take(NOW, store, cursor, List.of(), null,
                List.of(), latest))).get("assets");
        JsonNode fields = next.get("items").get(0).get("fields");
        assertThat(fields.get(0).get("trend").get("full").asBoolean()).isFalse();
        assertThat(fields.get(0).get("trend").get("values")).extracting(JsonNode::asDouble).containsExactly(42.0, 42.5);
        // temperature repeated 20.0 with a new source time: a new sample, so a new point
        assertThat(fields.get(1).get("trend").get("values")).extracting(JsonNode::asDouble).containsExactly(20.0, 20.5);
        assertThat(next.get("cursor").asLong()).isGreaterThan(cursor);

        JsonNode idle = JSON.readTree(ConsoleJson.render(GatewaySnapshot.take(NOW, store, next.get("cursor").asLong(),
                List.of(), null, List.of(), latest))).get("assets");
        assertThat(idle.get("items").get(0).get("fields").get(0).get("trend").get("values")).isEmpty();

        // A cursor of another store (the sink was restarted) is not honoured: everything, marked full.
        JsonNode other = JSON.readTree(ConsoleJson.render(GatewaySnapshot.take(NOW, "other", cursor, List.of(), null,
                List.of(), latest))).get("assets");
        JsonNode power = other.get("items").get(0).get("fields").get(0).get("trend");
        assertThat(power.get("full").asBoolean()).isTrue();
        assertThat(power.get("values")).hasSize(3);
    }

    @Test
    void withoutPipelineOrDriversTheDocumentIsStillComplete() throws Exception {
        JsonNode root = JSON.readTree(ConsoleJson.render(GatewaySnapshot.take(NOW, List.of(), null, List.of(),
                latest)));
        assertThat(root.get("pipeline").isNull()).isTrue();
        assertThat(root.get("devices")).isEmpty();
        assertThat(root.get("sinks")).isEmpty();
        assertThat(root.get("assets").get("items")).isEmpty();
    }

    @Test
    void textFromDevicesIsEscapedAndRoundTrips() throws Exception {
        latest.accept(AssetRecord.builder(tank(1), "Tank" + HOSTILE, T0)
                .field("level" + HOSTILE, new FieldValue(Value.of(HOSTILE), HOSTILE,
                        Quality.bad(Quality.Reason.DEVICE_EXCEPTION, HOSTILE), T0))
                .context("batch" + HOSTILE, ContextValue.of(HOSTILE, T0))
                .build());
        Driver evil = driver(HOSTILE, List.of(new DeviceStatus(HOSTILE, HOSTILE, HOSTILE, ConnectionState.CONNECTED,
                null, HOSTILE, null, 0, 0, 0, 0, 0)));
        String json = ConsoleJson.render(GatewaySnapshot.take(NOW, List.of(entry(Map.of(), evil)), null,
                List.of(entry(Map.of("plantwire.stage.name", HOSTILE), latest)), latest));

        // Nothing a browser could take for markup, a script end or a line break inside a JS string.
        assertThat(json).doesNotContain("<", ">", "'", "&amp;", "\u2028", "\u0007");
        assertThat(json).contains("\\u003c/script\\u003e", "\\u2028", "\\u0007", "\\\"", "\\\\");

        JsonNode root = JSON.readTree(json);
        assertThat(root.get("devices").get(0).get("deviceId").asText()).isEqualTo(HOSTILE);
        assertThat(root.get("devices").get(0).get("endpoint").asText()).isEqualTo(HOSTILE);
        assertThat(root.get("sinks").get(0).get("name").asText()).isEqualTo(HOSTILE);
        JsonNode asset = root.get("assets").get("items").get(0);
        assertThat(asset.get("type").asText()).isEqualTo("Tank" + HOSTILE);
        JsonNode field = asset.get("fields").get(0);
        assertThat(field.get("name").asText()).isEqualTo("level" + HOSTILE);
        assertThat(field.get("value").asText()).isEqualTo(HOSTILE);
        assertThat(field.get("unit").asText()).isEqualTo(HOSTILE);
        assertThat(field.get("quality").get("detail").asText()).isEqualTo(HOSTILE);
        assertThat(field.get("quality").get("status").asText()).isEqualTo("BAD");
        assertThat(field.get("trend").isNull()).isTrue();
        assertThat(asset.get("context").get(0).get("value").asText()).isEqualTo(HOSTILE);
    }

    @Test
    void unpairedSurrogatesAndNonFiniteNumbersStayValidJson() throws Exception {
        StringBuilder sb = new StringBuilder();
        new JsonWriter(sb).beginObject()
                .name("broken").value("a\ud800b")
                .name("emoji").value("\ud83d\ude00")
                .name("nan").value(Double.NaN)
                .name("inf").value(Float.POSITIVE_INFINITY)
                .name("list").beginArray().value(1L).value(2.5).value(true).nullValue().endArray()
                .endObject();
        JsonNode root = JSON.readTree(sb.toString());
        assertThat(sb.toString()).doesNotContain("\ud800");
        assertThat(root.get("emoji").asText()).isEqualTo("\ud83d\ude00");
        assertThat(root.get("nan").isNull()).isTrue();
        assertThat(root.get("inf").isNull()).isTrue();
        assertThat(root.get("list")).hasSize(4);
        assertThat(root.get("list").get(1).asDouble()).isEqualTo(2.5);
    }

    @Test
    void aFailingDriverOrSinkIsReportedAndTheRestStillShows() throws Exception {
        Driver broken = new Driver() {
            @Override
            public String driverType() {
                return "opcua";
            }

            @Override
            public List<DeviceStatus> deviceStatus() {
                throw new IllegalStateException("session closed");
            }

            @Override
            public CompletionStage<WriteResult> write(WriteRequest request) {
                throw new UnsupportedOperationException();
            }
        };
        Sink brokenSink = record -> {
        };
        Sink throwingSink = new Sink() {
            @Override
            public void accept(AssetRecord record) {
            }

            @Override
            public SinkStatus status() {
                throw new IllegalStateException("queue closed");
            }
        };
        GatewaySnapshot snapshot = GatewaySnapshot.take(NOW,
                List.of(entry(Map.of("component.name", "opcua-line-2"), broken),
                        entry(Map.of(), driver("modbus", List.of(device("meter-1", ConnectionState.CONNECTED, ""))))),
                null, List.of(entry(Map.of("service.id", 42L), brokenSink),
                        entry(Map.of("component.name", "historian"), throwingSink)), latest);
        JsonNode root = JSON.readTree(ConsoleJson.render(snapshot));
        assertThat(root.get("devices")).hasSize(1);
        assertThat(root.get("failures").get(0).get("service").asText()).isEqualTo("opcua (opcua-line-2)");
        assertThat(root.get("failures").get(0).get("error").asText())
                .isEqualTo("IllegalStateException: session closed");
        assertThat(root.get("sinks").get(0).get("name").asText()).isEqualTo("historian");
        assertThat(root.get("sinks").get(0).get("statusError").asText()).contains("queue closed");
        assertThat(root.get("sinks").get(1).get("name").asText()).isEqualTo("service-42");
        assertThat(root.get("sinks").get(1).get("connected").asBoolean()).isFalse();
    }

    @Test
    void aConnectErrorBeforeTheLastGoodPollIsPastOnlyWhileTheDeviceIsConnected() {
        Instant error = T0;
        Instant laterPoll = T0.plusSeconds(2);
        assertThat(ConsoleJson.errorIsCurrent(status(ConnectionState.CONNECTED, laterPoll, "refused", error)))
                .as("connected and polled after the error").isFalse();
        assertThat(ConsoleJson.errorIsCurrent(status(ConnectionState.DISCONNECTED, laterPoll, "refused", error)))
                .as("disconnected again").isTrue();
        assertThat(ConsoleJson.errorIsCurrent(status(ConnectionState.CONNECTED, T0.minusSeconds(1), "timeout",
                error))).as("no good poll since the error").isTrue();
        assertThat(ConsoleJson.errorIsCurrent(status(ConnectionState.CONNECTED, null, "refused", error)))
                .as("never polled").isTrue();
        assertThat(ConsoleJson.errorIsCurrent(status(ConnectionState.CONNECTED, laterPoll, "", null)))
                .as("no error").isFalse();
    }

    private static DeviceStatus status(ConnectionState state, Instant lastGoodPoll, String error, Instant errorTime) {
        return new DeviceStatus("meter-1", "modbus", "tcp://127.0.0.1:5020 unit 1", state, lastGoodPoll, error,
                errorTime, 10, error.isEmpty() ? 0 : 1, 400, 450, 2100);
    }

    static <S> Map.Entry<Map<String, Object>, S> entry(Map<String, Object> props, S service) {
        return new AbstractMap.SimpleImmutableEntry<>(props, service);
    }

    static DeviceStatus device(String id, ConnectionState state, String error) {
        return new DeviceStatus(id, "modbus", "tcp://127.0.0.1:5020 unit 1", state, T0, error,
                error.isEmpty() ? null : T0.plusSeconds(5), 120, error.isEmpty() ? 0 : 3, 400, 450, 2100);
    }

    static Driver driver(String type, List<DeviceStatus> devices) {
        return new Driver() {
            @Override
            public String driverType() {
                return type;
            }

            @Override
            public List<DeviceStatus> deviceStatus() {
                return devices;
            }

            @Override
            public CompletionStage<WriteResult> write(WriteRequest request) {
                throw new UnsupportedOperationException("read-only test driver");
            }
        };
    }

    static PipelineMetrics pipeline(List<String> missing) {
        return new PipelineMetrics() {
            @Override
            public List<StageCounters> stages() {
                return List.of(new StageCounters(StageKind.MAPPER, "tank-map", true, 100, 100, 0, 0, 0, 5_000_000),
                        new StageCounters(StageKind.NORMALIZER, "tank-rules", false, 96, 96, 0, 0, 4, 1_000_000));
            }

            @Override
            public PipelineStatus status() {
                return new PipelineStatus(100, 96, 96, 4, 1000, 2, 0, 0, missing, 13_984, 33_554_432);
            }
        };
    }
}
