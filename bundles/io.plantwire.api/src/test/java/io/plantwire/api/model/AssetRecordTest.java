package io.plantwire.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AssetRecordTest {

    private static final Isa95Path TANK = Isa95Path.parse("acme/rotterdam/tankfarm/line-1/cell-a/tank-1");
    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

    private static FieldValue f(double v, String unit) {
        return new FieldValue(Value.of(v), unit, Quality.GOOD, T);
    }

    private final AssetRecord record = AssetRecord.builder(TANK, "ChemicalTank", T)
            .field("power", f(12.5, "kW"))
            .field("temperature", f(21.0, "Cel"))
            .build();

    @Test
    void isImmutable() {
        assertThatThrownBy(() -> record.fields().put("x", f(1, ""))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> record.context().put("x", ContextValue.of("y", T)))
                .isInstanceOf(UnsupportedOperationException.class);
        Map<String, FieldValue> source = new LinkedHashMap<>();
        source.put("level", f(1, "m"));
        AssetRecord r = AssetRecord.of(TANK, "ChemicalTank", T, source);
        source.put("level", f(2, "m"));
        assertThat(r.field("level").value().asDouble()).isEqualTo(1.0);
    }

    @Test
    void aBuilderUsedAgainAfterBuildNeverChangesTheRecordItBuilt() {
        AssetRecord.Builder b = AssetRecord.builder(TANK, "ChemicalTank", T).field("power", f(12.5, "kW"));
        AssetRecord first = b.build();
        AssetRecord second = b.field("power", f(13.0, "kW")).field("level", f(2.5, "m"))
                .context("batch", ContextValue.of("B-42", T)).build();
        AssetRecord third = b.field("level", f(3.0, "m")).build();

        assertThat(first.fields()).containsOnlyKeys("power");
        assertThat(first.field("power").value().asDouble()).isEqualTo(12.5);
        assertThat(first.context()).isEmpty();
        assertThat(second.fields().keySet()).containsExactly("power", "level");
        assertThat(second.field("level").value().asDouble()).isEqualTo(2.5);
        assertThat(second.context()).containsOnlyKeys("batch");
        assertThat(third.field("level").value().asDouble()).isEqualTo(3.0);
        assertThat(b.build().fields()).as("built twice without a change: equal").isEqualTo(third.fields());
    }

    @Test
    void derivedCopiesChangeOnlyWhatTheyName() {
        AssetRecord changed = record.withField("power", f(13.0, "kW"));
        assertThat(changed.field("power").value().asDouble()).isEqualTo(13.0);
        assertThat(record.field("power").value().asDouble()).isEqualTo(12.5);
        assertThat(changed.fields()).containsKeys("power", "temperature");
        assertThat(changed.fields().keySet()).containsExactly("power", "temperature");

        AssetRecord withBatch = record.withContext("batch", ContextValue.of("B-42", T));
        assertThat(withBatch.context()).containsKey("batch");
        assertThat(withBatch.fields()).isSameAs(record.fields());
        assertThat(record.withoutField("power").fields()).containsOnlyKeys("temperature");
    }

    @Test
    void unchangedCopiesAreTheSameInstance() {
        assertThat(record.withField("power", f(12.5, "kW"))).isSameAs(record);
        assertThat(record.withoutField("absent")).isSameAs(record);
        assertThat(record.withContext(Map.of())).isSameAs(record);
        assertThat(record.withTimestamp(T)).isSameAs(record);
    }

    @Test
    void rejectsBlankNames() {
        assertThatThrownBy(() -> record.withField(" ", f(1, ""))).hasMessageContaining("field must not be blank");
        assertThatThrownBy(() -> AssetRecord.builder(TANK, "", T)).hasMessageContaining("assetType");
    }

    @Test
    void sizedBuildersBuildWhatUnsizedOnesDo() {
        for (int expected : new int[] { -1, 0, 3, 13, 1000 }) {
            AssetRecord.Builder b = AssetRecord.builder(TANK, "ChemicalTank", T, expected);
            DeviceReading.Builder d = DeviceReading.builder("meter-1", T, expected);
            for (int i = 40; i > 0; i--) {
                b.field("f" + i, f(i, "kW"));
                d.point("p" + i, Value.of((long) i));
            }
            AssetRecord r = b.build();
            DeviceReading reading = d.build();
            assertThat(r.fields()).hasSize(40);
            assertThat(r.fields().keySet()).first().isEqualTo("f40"); // insertion order, not hash order
            assertThat(reading.points().keySet()).last().isEqualTo("p1");
            assertThat(r.fields().get("f7").value().asDouble()).isEqualTo(7.0);
        }
    }

    @Test
    void readingsKeepPointOrderAndRejectBlankDeviceIds() {
        DeviceReading r = DeviceReading.builder("meter-1", T).point("voltage", Value.of(230.1))
                .point("current", Value.of(5.2)).point("activePower", Value.of(1.2)).build();
        assertThat(r.points().keySet()).containsExactly("voltage", "current", "activePower");
        assertThat(r.point("current").quality()).isEqualTo(Quality.GOOD);
        assertThatThrownBy(() -> DeviceReading.builder(" ", T)).hasMessageContaining("deviceId");
    }

    @Test
    void aReadingBuilderUsedAgainAfterBuildNeverChangesTheReadingItBuilt() {
        DeviceReading.Builder b = DeviceReading.builder("meter-1", T).point("voltage", Value.of(230.1));
        DeviceReading first = b.build();
        DeviceReading second = b.point("voltage", Value.of(231.0)).point("current", Value.of(5.2)).build();
        assertThat(first.points()).containsOnlyKeys("voltage");
        assertThat(first.point("voltage").value().asDouble()).isEqualTo(230.1);
        assertThat(second.points().keySet()).containsExactly("voltage", "current");
        assertThat(second.point("voltage").value().asDouble()).isEqualTo(231.0);
    }
}
