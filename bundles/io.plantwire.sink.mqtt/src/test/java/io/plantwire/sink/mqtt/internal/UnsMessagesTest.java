package io.plantwire.sink.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.ContextValue;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Isa95Path;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Value;
import io.plantwire.sink.support.JsonBytes;
import io.plantwire.sink.support.JsonBytesPool;

class UnsMessagesTest {

    private static final Instant T = Instant.parse("2026-11-25T15:00:00.123Z");
    private static final Isa95Path PATH = Isa95Path.parse("acme/rotterdam/tankfarm/line-1/cell-a/tank-1");

    @Test
    void assetPayloadFollowsSchemaVersionOne() {
        AssetRecord r = AssetRecord.builder(PATH, "ChemicalTank", T)
                .field("level", new FieldValue(Value.of(2.5), "m", Quality.GOOD, T))
                .field("count", new FieldValue(Value.of(42), "", Quality.GOOD, T))
                .field("running", new FieldValue(Value.TRUE, "", Quality.deviceException(2, "illegal address"), T))
                .field("state", new FieldValue(Value.of("FILLING"), "", Quality.uncertain(Quality.Reason.STALE, ""), T))
                .context("batch", new ContextValue("B-1", T, true))
                .build();
        String json = new String(UnsMessages.assetPayload(r), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"schema\":\"plantwire.uns.asset/1\","
                + "\"path\":\"acme/rotterdam/tankfarm/line-1/cell-a/tank-1\","
                + "\"isa95\":{\"enterprise\":\"acme\",\"site\":\"rotterdam\",\"area\":\"tankfarm\",\"line\":\"line-1\","
                + "\"cell\":\"cell-a\",\"asset\":\"tank-1\"},\"assetType\":\"ChemicalTank\","
                + "\"timestamp\":\"2026-11-25T15:00:00.123Z\",\"fields\":{"
                + "\"level\":{\"value\":2.5,\"type\":\"FLOATING\",\"unit\":\"m\",\"quality\":\"GOOD\","
                + "\"timestamp\":\"2026-11-25T15:00:00.123Z\"},"
                + "\"count\":{\"value\":42,\"type\":\"INTEGER\",\"quality\":\"GOOD\","
                + "\"timestamp\":\"2026-11-25T15:00:00.123Z\"},"
                + "\"running\":{\"value\":null,\"type\":\"BOOLEAN\",\"quality\":\"BAD\",\"reason\":\"DEVICE_EXCEPTION\","
                + "\"code\":2,\"detail\":\"illegal address\",\"timestamp\":\"2026-11-25T15:00:00.123Z\"},"
                + "\"state\":{\"value\":\"FILLING\",\"type\":\"STRING\",\"quality\":\"UNCERTAIN\",\"reason\":\"STALE\","
                + "\"timestamp\":\"2026-11-25T15:00:00.123Z\"}},"
                + "\"context\":{\"batch\":{\"value\":\"B-1\",\"asOf\":\"2026-11-25T15:00:00.123Z\",\"stale\":true}}}");
    }

    @Test
    void stringsAreEscapedAndNonFiniteNumbersAreStrings() {
        AssetRecord r = AssetRecord.builder(PATH, "Tank \"A\"", T)
                .field("note", new FieldValue(Value.of("line1\nline2\t\\ \u0001 ü"), "", Quality.GOOD, T))
                .field("ratio", new FieldValue(Value.of(Double.NaN), "", Quality.GOOD, T))
                .field("peak", new FieldValue(Value.of(Double.NEGATIVE_INFINITY), "", Quality.GOOD, T))
                .build();
        String json = new String(UnsMessages.assetPayload(r), StandardCharsets.UTF_8);
        assertThat(json).contains("\"assetType\":\"Tank \\\"A\\\"\"");
        assertThat(json).contains("\"value\":\"line1\\nline2\\t\\\\ \\u0001 ü\"");
        assertThat(json).contains("\"ratio\":{\"value\":\"NaN\",\"type\":\"FLOATING\"");
        assertThat(json).contains("\"peak\":{\"value\":\"-Infinity\"");
    }

    @Test
    void perFieldTopicsUseTheFieldNameAsOneLevel() {
        UnsMessages m = new UnsMessages("uns", 1, false, true, true);
        AssetRecord r = AssetRecord.builder(PATH, "ChemicalTank", T)
                .field("power", new FieldValue(Value.of(1.0), "kW", Quality.GOOD, T))
                .field("a/b+c#", new FieldValue(Value.of(1), "", Quality.GOOD, T))
                .build();
        List<OutboundMessage> out = m.messages(r);
        assertThat(out).extracting(OutboundMessage::topic).containsExactly(
                "uns/acme/rotterdam/tankfarm/line-1/cell-a/tank-1",
                "uns/acme/rotterdam/tankfarm/line-1/cell-a/tank-1/power",
                "uns/acme/rotterdam/tankfarm/line-1/cell-a/tank-1/a_b_c_");
        assertThat(out).extracting(OutboundMessage::retain).containsExactly(false, true, true);
        // the store record round-trips
        List<OutboundMessage> back = OutboundMessage.decode(OutboundMessage.encode(out));
        assertThat(back).hasSize(3);
        assertThat(back.get(1).topic()).isEqualTo(out.get(1).topic());
        assertThat(back.get(1).payload()).isEqualTo(out.get(1).payload());
        assertThat(back.get(1).qos()).isEqualTo(1);
        assertThat(back.get(1).retain()).isTrue();
    }

    @Test
    void storedMessagesDecodeFromTheStoresViewAndABrokenRecordBecomesADeadLetterCopy() {
        List<OutboundMessage> out = List.of(
                new OutboundMessage("acme/t", "{}".getBytes(StandardCharsets.UTF_8), 1, true));
        byte[] record = OutboundMessage.encode(out);
        byte[] around = new byte[record.length + 9];
        System.arraycopy(record, 0, around, 5, record.length);
        StoredMessages ok = StoredMessages.decode(3, 0,
                ByteBuffer.wrap(around, 5, record.length).asReadOnlyBuffer());
        assertThat(ok.position()).isEqualTo(3);
        assertThat(ok.undecodable()).isNull();
        assertThat(ok.messages()).singleElement().satisfies(m -> {
            assertThat(m.topic()).isEqualTo("acme/t");
            assertThat(new String(m.payload(), StandardCharsets.UTF_8)).isEqualTo("{}");
        });

        // a payload length past the record's end: refused before an array of that size is made
        ByteBuffer.wrap(record).putInt(1 + 2 + 1 + 2 + "acme/t".length(), Integer.MAX_VALUE);
        System.arraycopy(record, 0, around, 5, record.length);
        StoredMessages broken = StoredMessages.decode(4, 0,
                ByteBuffer.wrap(around, 5, record.length).asReadOnlyBuffer());
        assertThat(broken.messages()).isEmpty();
        assertThat(broken.undecodable()).isEqualTo(record);
        assertThat(broken.error()).hasMessageContaining("claims a payload of 2147483647 bytes");
    }

    @Test
    void theStoreRecordWrittenInOneBufferIsTheEncodedMessageList() {
        for (int n : new int[] { 0, 3, 300 }) {
            AssetRecord.Builder b = AssetRecord.builder(PATH, "ChemicalTank", T);
            for (int i = 0; i < n; i++) {
                b.field("f" + i, new FieldValue(Value.of(i + 0.5), "m", Quality.GOOD, T));
            }
            AssetRecord r = b.build();
            for (UnsMessages m : List.of(new UnsMessages("", 1, true, false, false),
                    new UnsMessages("uns/ü", 2, false, false, false), new UnsMessages("x", 0, false, true, true))) {
                assertThat(storeRecord(m, r)).isEqualTo(OutboundMessage.encode(m.messages(r)));
                assertThat(storeRecord(m, r)).isEqualTo(OutboundMessage.encode(m.messages(r))); // topic from the cache
            }
        }
    }

    /** The store record as {@code MqttSink.accept} writes it, into a buffer from its pool (taken twice: reused). */
    private static byte[] storeRecord(UnsMessages m, AssetRecord r) {
        JsonBytesPool pool = new JsonBytesPool(1, 16, 1 << 20);
        pool.give(pool.take());
        JsonBytes b = pool.take();
        b.raw((byte) 'x');
        pool.give(b);
        JsonBytes reused = pool.take();
        assertThat(reused).isSameAs(b);
        m.writeStoreRecord(reused, r);
        return reused.toArray();
    }
}
