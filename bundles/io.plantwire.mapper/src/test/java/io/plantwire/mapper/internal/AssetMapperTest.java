package io.plantwire.mapper.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.DeviceReading;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.PointSample;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Value;
import io.plantwire.api.stage.Preview;
import io.plantwire.test.support.Configs;
import io.plantwire.test.support.Unreachable;

class AssetMapperTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private static Map<String, Object> tank2(Object... more) {
        Map<String, Object> m = new HashMap<>(Map.of("enterprise", "acme", "site", "rotterdam", "area", "tankfarm",
                "line", "line-1", "cell", "cell-b", "asset", "tank-2", "assetType", "ChemicalTank", "fields",
                new String[] { "power=meter-2/activePower|W", "temperature=temperature-reader/tank2Temperature" }));
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return m;
    }

    private static AssetMapper mapper(Map<String, Object> config) {
        return new AssetMapper(Configs.of(AssetMapConfig.class, config), config);
    }

    private static DeviceReading meter(String id, Instant t, double watts) {
        return DeviceReading.builder(id, t).point("activePower", Value.of(watts)).point("voltage", Value.of(230.0))
                .build();
    }

    private static DeviceReading temperatures(Instant t, long t1, long t2, long t3) {
        return DeviceReading.builder("temperature-reader", t).point("tank1Temperature", Value.of(t1))
                .point("tank2Temperature", new PointSample(Value.of(t2), Quality.GOOD, t, "Cel"))
                .point("tank3Temperature", Value.of(t3)).build();
    }

    @Test
    void tank2TakesPowerFromMeter2AndTemperatureFromTheSharedReader() {
        AssetMapper m = mapper(tank2());
        List<AssetRecord> out = new ArrayList<>();

        m.map(meter("meter-2", T0, 1500.0), out::add);
        m.map(meter("meter-1", T0, 999.0), out::add); // not tank-2's meter
        m.map(temperatures(T0.plusSeconds(1), 211, 223, 235), out::add);

        assertThat(out).hasSize(2);
        AssetRecord first = out.get(0);
        assertThat(first.path().toString()).isEqualTo("acme/rotterdam/tankfarm/line-1/cell-b/tank-2");
        assertThat(first.assetType()).isEqualTo("ChemicalTank");
        assertThat(first.fields()).containsOnlyKeys("power");
        assertThat(first.field("power").value().asDouble()).isEqualTo(1500.0);
        assertThat(first.field("power").unit()).isEqualTo("W");

        AssetRecord second = out.get(1);
        assertThat(second.fields()).containsOnlyKeys("power", "temperature");
        assertThat(second.field("temperature").value().asLong()).isEqualTo(223);
        assertThat(second.field("temperature").unit()).as("driver's unit kept when the mapping gives none")
                .isEqualTo("Cel");
        // each field keeps its own timestamp; the record carries the newest
        assertThat(second.field("power").timestamp()).isEqualTo(T0);
        assertThat(second.field("temperature").timestamp()).isEqualTo(T0.plusSeconds(1));
        assertThat(second.timestamp()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void theMapperKeepsNoFieldValueOfARecordAlive() {
        AssetMapper m = mapper(tank2());
        m.map(temperatures(T0, 211, 223, 235), r -> { });
        // the values it keeps between readings would otherwise outlive the young generation under load
        Unreachable.awaitCollected(powerOfARecordMapped(m), "the power field of a mapped record");
        List<AssetRecord> out = new ArrayList<>();
        m.map(meter("meter-2", T0.plusSeconds(2), 1700.0), out::add);
        assertThat(out.get(0).field("temperature").value().asLong()).as("still kept, as a value").isEqualTo(223);
        assertThat(out.get(0).field("power").value().asDouble()).isEqualTo(1700.0);
    }

    private static WeakReference<FieldValue> powerOfARecordMapped(AssetMapper m) {
        List<AssetRecord> out = new ArrayList<>();
        m.map(meter("meter-2", T0.plusSeconds(1), 1500.0), out::add);
        return new WeakReference<>(out.get(0).field("power"));
    }

    @Test
    void badQualityIsCarriedPerField() {
        AssetMapper m = mapper(tank2());
        List<AssetRecord> out = new ArrayList<>();
        m.map(meter("meter-2", T0, 1500.0), out::add);
        Quality timeout = Quality.bad(Quality.Reason.TIMEOUT, "no answer in 1000 ms");
        m.map(DeviceReading.builder("temperature-reader", T0.plusSeconds(1))
                .point("tank2Temperature", PointSample.bad(timeout, T0.plusSeconds(1))).build(), out::add);
        AssetRecord r = out.get(1);
        assertThat(r.field("power").quality()).isEqualTo(Quality.GOOD);
        assertThat(r.field("temperature").quality()).isEqualTo(timeout);
    }

    @Test
    void changedOnlyEmitsOnlyFieldsWhoseValueOrQualityChanged() {
        AssetMapper m = mapper(tank2("emission", EmissionPolicy.CHANGED_ONLY));
        List<AssetRecord> out = new ArrayList<>();
        m.map(meter("meter-2", T0, 1500.0), out::add);
        m.map(temperatures(T0, 211, 223, 235), out::add);
        m.map(meter("meter-2", T0.plusSeconds(1), 1500.0), out::add); // same value: nothing
        m.map(temperatures(T0.plusSeconds(1), 1, 224, 2), out::add);

        assertThat(out).hasSize(3);
        assertThat(out.get(0).fields()).containsOnlyKeys("power");
        assertThat(out.get(1).fields()).containsOnlyKeys("temperature");
        assertThat(out.get(2).fields()).containsOnlyKeys("temperature");
        assertThat(out.get(2).field("temperature").value().asLong()).isEqualTo(224);
    }

    /** What the mapper emits for {@code reading} in a dry run ({@link Preview#run}). */
    private static List<AssetRecord> dryRun(AssetMapper m, DeviceReading reading) {
        List<AssetRecord> preview = new ArrayList<>();
        Preview.run(() -> {
            m.map(reading, preview::add);
            return null;
        });
        return preview;
    }

    @Test
    void aDryRunShowsTheChangeButLeavesItForTheNextRealReading() {
        AssetMapper m = mapper(tank2("emission", EmissionPolicy.CHANGED_ONLY));
        List<AssetRecord> out = new ArrayList<>();
        m.map(meter("meter-2", T0, 1500.0), out::add);
        assertThat(dryRun(m, meter("meter-2", T0.plusSeconds(1), 1600.0))).singleElement()
                .satisfies(r -> assertThat(r.field("power").value().asDouble()).isEqualTo(1600.0));
        // Had the dry run been remembered, this change would be swallowed as "unchanged".
        m.map(meter("meter-2", T0.plusSeconds(2), 1600.0), out::add);
        assertThat(out).hasSize(2);
        assertThat(out.get(1).field("power").value().asDouble()).isEqualTo(1600.0);
    }

    @Test
    void aDryRunShowsItsReadingEvenIfANewerRealReadingWasMappedMeanwhile() {
        AssetMapper m = mapper(tank2());
        List<AssetRecord> out = new ArrayList<>();
        m.map(meter("meter-2", T0.plusSeconds(5), 1600.0), out::add); // a real poll after the dry run's read
        assertThat(dryRun(m, meter("meter-2", T0, 1500.0))).singleElement()
                .satisfies(r -> assertThat(r.field("power").value().asDouble()).isEqualTo(1500.0));
        // the real path still keeps the newer value
        m.map(meter("meter-2", T0.plusSeconds(1), 1400.0), out::add);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).field("power").value().asDouble()).isEqualTo(1600.0);
    }

    @Test
    void allLatestEmitsOnEveryUpdateEvenWhenUnchanged() {
        AssetMapper m = mapper(tank2());
        List<AssetRecord> out = new ArrayList<>();
        m.map(meter("meter-2", T0, 1500.0), out::add);
        m.map(meter("meter-2", T0.plusSeconds(1), 1500.0), out::add);
        assertThat(out).hasSize(2);
        assertThat(out.get(1).timestamp()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void aLateSampleDoesNotOverwriteANewerOne() {
        AssetMapper m = mapper(tank2());
        List<AssetRecord> out = new ArrayList<>();
        m.map(meter("meter-2", T0.plusSeconds(5), 1600.0), out::add);
        m.map(meter("meter-2", T0, 1500.0), out::add);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).field("power").value().asDouble()).isEqualTo(1600.0);
    }

    @Test
    void concurrentSourcesOfOneAssetEmitInStateOrder() throws Exception {
        AssetMapper m = mapper(tank2());
        List<AssetRecord> out = new ArrayList<>(); // only touched under the asset's lock, by contract
        int n = 20_000;
        CountDownLatch start = new CountDownLatch(1);
        Thread meterThread = new Thread(() -> {
            await(start);
            for (int i = 1; i <= n; i++) {
                m.map(meter("meter-2", T0.plusMillis(i), i), out::add);
            }
        });
        Thread readerThread = new Thread(() -> {
            await(start);
            for (int i = 1; i <= n; i++) {
                m.map(temperatures(T0.plusMillis(i), 0, i, 0), out::add);
            }
        });
        meterThread.start();
        readerThread.start();
        start.countDown();
        meterThread.join();
        readerThread.join();

        assertThat(out).hasSize(2 * n);
        double lastPower = 0;
        long lastTemp = 0;
        for (AssetRecord r : out) {
            double p = r.field("power") == null ? 0 : r.field("power").value().asDouble();
            long t = r.field("temperature") == null ? 0 : r.field("temperature").value().asLong();
            assertThat(p).isGreaterThanOrEqualTo(lastPower);
            assertThat(t).isGreaterThanOrEqualTo(lastTemp);
            lastPower = p;
            lastTemp = t;
        }
        assertThat(lastPower).isEqualTo(n);
        assertThat(lastTemp).isEqualTo(n);
    }

    private static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void invalidIsa95LevelNamesTheFieldAndValue() {
        assertThatThrownBy(() -> mapper(tank2("area", "tank farm"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("area").hasMessageContaining("'tank farm'");
        assertThatThrownBy(() -> mapper(tank2("site", "rotterdam/botlek"))).hasMessageContaining("site")
                .hasMessageContaining("'rotterdam/botlek'");
        assertThatThrownBy(() -> mapper(tank2("asset", "tank+2"))).hasMessageContaining("asset 'tank+2'");
        Map<String, Object> noCell = tank2();
        noCell.remove("cell");
        assertThatThrownBy(() -> mapper(noCell)).hasMessageContaining("cell is required");
    }

    @Test
    void badFieldMappingsNameTheMapping() {
        assertThatThrownBy(() -> mapper(tank2("fields", new String[] { "power=meter-2" })))
                .hasMessageContaining("fields").hasMessageContaining("'power=meter-2'");
        assertThatThrownBy(() -> mapper(tank2("fields", new String[] { "po wer=meter-2/activePower" })))
                .hasMessageContaining("field 'po wer'");
        assertThatThrownBy(
                () -> mapper(tank2("fields", new String[] { "power=meter-2/a", "power=meter-3/a" })))
                .hasMessageContaining("field 'power'").hasMessageContaining("mapped twice");
        assertThatThrownBy(() -> mapper(tank2("fields", new String[0]))).hasMessageContaining("maps no fields");
        assertThatThrownBy(() -> mapper(tank2("assetType", " "))).hasMessageContaining("assetType ' '");
        // DS cannot turn "SOMETIMES" into the enum and hands null; the message names the raw value
        Map<String, Object> raw = tank2("emission", "SOMETIMES");
        Map<String, Object> converted = tank2("emission", Configs.NULL);
        assertThatThrownBy(() -> new AssetMapper(Configs.of(AssetMapConfig.class, converted), raw))
                .hasMessageContaining("emission 'SOMETIMES'");
    }

    @Test
    void csvPointMapIsImported(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("tank-2.csv");
        Files.writeString(csv, String.join("\n",
                "# tank-2 point map",
                "field,device,point,unit",
                "power,meter-2,activePower,W",
                "",
                "\"temperature\",temperature-reader,\"tank2Temperature\"",
                "voltage , meter-2 , voltage , V"));
        AssetMapper m = mapper(tank2("fields", new String[0], "csvFile", csv.toString()));
        List<AssetRecord> out = new ArrayList<>();
        m.map(meter("meter-2", T0, 1500.0), out::add);
        assertThat(out.get(0).fields()).containsOnlyKeys("power", "voltage");
        assertThat(out.get(0).field("voltage").unit()).isEqualTo("V");
        assertThat(m.assetMap().deviceIds()).containsExactlyInAnyOrder("meter-2", "temperature-reader");
    }

    @Test
    void csvErrorsAreReportedWithLineNumbers(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, String.join("\n",
                "field,device,point,unit",
                "power,meter-2,activePower,W",
                "temperature,temperature-reader",
                "# fine",
                "power,meter-3,activePower",
                "level,,levelPoint",
                "\"pressure,meter-2,p"));
        assertThatThrownBy(() -> mapper(tank2("fields", new String[0], "csvFile", csv.toString())))
                .hasMessageContaining("csvFile '" + csv + "'")
                .hasMessageContaining("4 errors")
                .hasMessageContaining("line 3: expected 3 or 4 columns")
                .hasMessageContaining("line 5: field 'power' is already mapped on line 2")
                .hasMessageContaining("line 6: device ''")
                .hasMessageContaining("line 7: unclosed quote");
    }

    @Test
    void missingCsvFileNamesThePath(@TempDir Path dir) {
        String missing = dir.resolve("nope.csv").toString();
        assertThatThrownBy(() -> mapper(tank2("csvFile", missing))).hasMessageContaining("csvFile '" + missing + "'")
                .hasMessageContaining("cannot be read");
    }
}
