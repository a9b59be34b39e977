package io.plantwire.sink.uns;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.ContextValue;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Isa95Path;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Value;
import io.plantwire.test.support.Unreachable;

class UnsJsonTest {

    private static final Instant T = Instant.parse("2026-11-25T15:00:00.123Z");
    private static final Isa95Path PATH = Isa95Path.parse("acme/rotterdam/tankfarm/line-1/cell-a/tank-1");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theSecondSinkGetsTheSameDocumentBehindItsOwnFrameAndOtherRecordsAreEncodedAfresh() {
        AssetRecord first = AssetRecord.builder(PATH, "ChemicalTank", T)
                .field("level", new FieldValue(Value.of(2.5), "m", Quality.GOOD, T)).build();
        AssetRecord second = AssetRecord.builder(PATH, "ChemicalTank", T.plusMillis(20))
                .field("level", new FieldValue(Value.of(2.75), "m", Quality.GOOD, T.plusMillis(20))).build();
        String firstDocument = new String(UnsJson.asset(first), StandardCharsets.UTF_8);
        String secondDocument = new String(UnsJson.asset(second), StandardCharsets.UTF_8);
        assertThat(secondDocument).contains("2.75").doesNotContain("2.5,");

        // as the MQTT sink and then the Kafka sink write it: each its own frame in front, the same record
        io.plantwire.sink.support.JsonBytes mqtt = new io.plantwire.sink.support.JsonBytes(8);
        mqtt.ascii("MQTT-FRAME|");
        UnsJson.writeAsset(mqtt, first);
        io.plantwire.sink.support.JsonBytes kafka = new io.plantwire.sink.support.JsonBytes(8);
        kafka.ascii("K|");
        UnsJson.writeAsset(kafka, first);
        assertThat(new String(mqtt.toArray(), StandardCharsets.UTF_8)).isEqualTo("MQTT-FRAME|" + firstDocument);
        assertThat(new String(kafka.toArray(), StandardCharsets.UTF_8)).isEqualTo("K|" + firstDocument);

        // an equal record that is another instance, then the other record again: each encoded for what it is
        AssetRecord firstAgain = AssetRecord.builder(PATH, "ChemicalTank", T)
                .field("level", new FieldValue(Value.of(2.5), "m", Quality.GOOD, T)).build();
        assertThat(new String(UnsJson.asset(firstAgain), StandardCharsets.UTF_8)).isEqualTo(firstDocument);
        assertThat(new String(UnsJson.asset(second), StandardCharsets.UTF_8)).isEqualTo(secondDocument);
    }

    @Test
    void theMemoKeepsNoRecordAlive() {
        // a record the memo held would outlive the young generation under load and be promoted
        Unreachable.awaitCollected(writtenAndForgotten(), "an asset record written through the memo");
    }

    private static WeakReference<AssetRecord> writtenAndForgotten() {
        AssetRecord r = AssetRecord.builder(PATH, "ChemicalTank", T)
                .field("level", new FieldValue(Value.of(3.25), "m", Quality.GOOD, T)).build();
        UnsJson.writeAsset(new io.plantwire.sink.support.JsonBytes(8), r);
        return new WeakReference<>(r);
    }

    @Test
    void assetDocumentFollowsSchemaVersionOneByteForByte() {
        AssetRecord r = AssetRecord.builder(PATH, "ChemicalTank", T)
                .field("level", new FieldValue(Value.of(2.5), "m", Quality.GOOD, T))
                .field("count", new FieldValue(Value.of(42), "", Quality.GOOD, T))
                .field("state", new FieldValue(Value.of("FILLING"), "", Quality.uncertain(Quality.Reason.STALE, ""), T))
                .context("batch", new ContextValue("B-1", T, true))
                .build();
        assertThat(new String(UnsJson.asset(r), StandardCharsets.UTF_8)).isEqualTo("{\"schema\":\"plantwire.uns.asset/1\","
                + "\"path\":\"acme/rotterdam/tankfarm/line-1/cell-a/tank-1\","
                + "\"isa95\":{\"enterprise\":\"acme\",\"site\":\"rotterdam\",\"area\":\"tankfarm\",\"line\":\"line-1\","
                + "\"cell\":\"cell-a\",\"asset\":\"tank-1\"},\"assetType\":\"ChemicalTank\","
                + "\"timestamp\":\"2026-11-25T15:00:00.123Z\",\"fields\":{"
                + "\"level\":{\"value\":2.5,\"type\":\"FLOATING\",\"unit\":\"m\",\"quality\":\"GOOD\","
                + "\"timestamp\":\"2026-11-25T15:00:00.123Z\"},"
                + "\"count\":{\"value\":42,\"type\":\"INTEGER\",\"quality\":\"GOOD\","
                + "\"timestamp\":\"2026-11-25T15:00:00.123Z\"},"
                + "\"state\":{\"value\":\"FILLING\",\"type\":\"STRING\",\"quality\":\"UNCERTAIN\",\"reason\":\"STALE\","
                + "\"timestamp\":\"2026-11-25T15:00:00.123Z\"}},"
                + "\"context\":{\"batch\":{\"value\":\"B-1\",\"asOf\":\"2026-11-25T15:00:00.123Z\",\"stale\":true}}}");
    }

    @Test
    void aBadFieldNeverCarriesItsValue() throws Exception {
        AssetRecord r = AssetRecord.builder(PATH, "ChemicalTank", T)
                .field("running", new FieldValue(Value.TRUE, "", Quality.deviceException(2, "illegal address"), T))
                .field("level", new FieldValue(Value.of(987.5), "m", Quality.bad(Quality.Reason.OUT_OF_RANGE, "> 150"), T))
                .field("ratio", new FieldValue(Value.of(Double.NaN), "", Quality.bad(Quality.Reason.TIMEOUT, ""), T))
                .build();
        String json = new String(UnsJson.asset(r), StandardCharsets.UTF_8);
        assertThat(json).contains("\"running\":{\"value\":null,\"type\":\"BOOLEAN\",\"quality\":\"BAD\","
                + "\"reason\":\"DEVICE_EXCEPTION\",\"code\":2,\"detail\":\"illegal address\"");
        assertThat(json).doesNotContain("987.5").doesNotContain("NaN");
        JsonNode level = JSON.readTree(json).path("fields").path("level");
        assertThat(level.path("value").isNull()).isTrue();
        assertThat(level.path("reason").asText()).isEqualTo("OUT_OF_RANGE");
        // the same rule in the per-field document
        String field = new String(UnsJson.field(r, "level", r.fields().get("level")), StandardCharsets.UTF_8);
        assertThat(JSON.readTree(field).path("value").isNull()).isTrue();
        assertThat(field).doesNotContain("987.5");
    }

    @Test
    void stringsAreEscapedAndNonFiniteNumbersAreStringsAndItParses() throws Exception {
        AssetRecord r = AssetRecord.builder(PATH, "Tank \"A\"", T)
                .field("note", new FieldValue(Value.of("line1\nline2\t\\ \u0001 ü \uD83D\uDE80 \uD800"), "", Quality.GOOD, T))
                .field("ratio", new FieldValue(Value.of(Double.NaN), "", Quality.GOOD, T))
                .field("peak", new FieldValue(Value.of(Double.NEGATIVE_INFINITY), "°C", Quality.GOOD, T))
                .context("operator", ContextValue.of("Jörg € \u0007", T))
                .build();
        byte[] bytes = UnsJson.asset(r);
        String json = new String(bytes, StandardCharsets.UTF_8);
        assertThat(json).contains("\"assetType\":\"Tank \\\"A\\\"\"");
        assertThat(json).contains("\"value\":\"line1\\nline2\\t\\\\ \\u0001 ü \uD83D\uDE80 ?\"");
        assertThat(json).contains("\"ratio\":{\"value\":\"NaN\",\"type\":\"FLOATING\"");
        assertThat(json).contains("\"peak\":{\"value\":\"-Infinity\"");
        assertThat(json).contains("\"value\":\"Jörg € \\u0007\"");
        // a strict parser reads back what was written (UTF-8 is what String.getBytes writes)
        JsonNode n = JSON.readTree(bytes);
        assertThat(n.path("fields").path("note").path("value").asText()).isEqualTo("line1\nline2\t\\ \u0001 ü \uD83D\uDE80 ?");
        assertThat(n.path("assetType").asText()).isEqualTo("Tank \"A\"");
        assertThat(n.path("context").path("operator").path("value").asText()).isEqualTo("Jörg € \u0007");
    }

    @Test
    void fieldDocumentNamesPathAndField() {
        AssetRecord r = AssetRecord.builder(PATH, "ChemicalTank", T)
                .field("power", new FieldValue(Value.of(1.0), "kW", Quality.GOOD, T)).build();
        assertThat(new String(UnsJson.field(r, "power", r.fields().get("power")), StandardCharsets.UTF_8))
                .isEqualTo("{\"schema\":\"plantwire.uns.field/1\",\"path\":\"acme/rotterdam/tankfarm/line-1/cell-a/tank-1\","
                        + "\"field\":\"power\",\"value\":1.0,\"type\":\"FLOATING\",\"unit\":\"kW\",\"quality\":\"GOOD\","
                        + "\"timestamp\":\"2026-11-25T15:00:00.123Z\"}");
    }

    @Test
    void topicLevelReplacesWhatMqttGivesAMeaning() {
        assertThat(UnsJson.topicLevel("a/b+c#\0d")).isEqualTo("a_b_c__d");
        assertThat(UnsJson.topicLevel("power")).isEqualTo("power");
    }

    @Test
    void aLargeRecordGrowsTheBufferAndTheNextSmallOneIsNotPolluted() {
        AssetRecord.Builder big = AssetRecord.builder(PATH, "Wide", T);
        for (int i = 0; i < 500; i++) {
            big.field("t" + i, new FieldValue(Value.of(i * 1.5), "V", Quality.GOOD, T));
        }
        byte[] large = UnsJson.asset(big.build());
        byte[] small = UnsJson.asset(AssetRecord.builder(PATH, "Small", T).build());
        assertThat(large.length).isGreaterThan(20_000);
        assertThat(new String(small, StandardCharsets.UTF_8)).endsWith("\"fields\":{},\"context\":{}}")
                .doesNotContain("t499");
    }
}
