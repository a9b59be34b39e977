package io.plantwire.normalizer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Isa95Path;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Quality.Reason;
import io.plantwire.api.model.Quality.Status;
import io.plantwire.api.model.Value;
import io.plantwire.api.stage.Preview;
import io.plantwire.test.support.Configs;

class RuleSetTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final Isa95Path TANK_1 = Isa95Path.parse("acme/rotterdam/tankfarm/line-1/cell-a/tank-1");
    private static final Isa95Path TANK_2 = Isa95Path.parse("acme/rotterdam/tankfarm/line-1/cell-b/tank-2");

    private static FieldValue f(double v, String unit, Instant t) {
        return new FieldValue(Value.of(v), unit, Quality.GOOD, t);
    }

    private static AssetRecord rec(Isa95Path path, Instant t, Object... nameValue) {
        Map<String, FieldValue> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put((String) nameValue[i], (FieldValue) nameValue[i + 1]);
        }
        return AssetRecord.of(path, "ChemicalTank", t, m);
    }

    @Test
    void linearScaleOffsetAndUnitConversion() {
        RuleSet rules = RuleSet.parse("temperature linear 0.1 0", "temperature unit Cel Cel", "power unit kW",
                "energy scale 1000", "energy offset 5", "energy unit Wh kWh");
        AssetRecord out = rules.apply(rec(TANK_1, T0, "power", f(1500, "W", T0),
                "temperature", new FieldValue(Value.of(235L), "", Quality.GOOD, T0), "energy", f(2, "", T0)));
        assertThat(out.field("power").value().asDouble()).isCloseTo(1.5, within(1e-12));
        assertThat(out.field("power").unit()).isEqualTo("kW");
        assertThat(out.field("temperature").value().asDouble()).isCloseTo(23.5, within(1e-12));
        assertThat(out.field("temperature").unit()).isEqualTo("Cel");
        assertThat(out.field("energy").value().asDouble()).isCloseTo(2.005, within(1e-12));
        assertThat(out.field("energy").unit()).isEqualTo("kWh");
        assertThat(out.fields().keySet()).containsExactly("power", "temperature", "energy");
    }

    @Test
    void unitConversionWithoutKnownSourceUnitMarksTheFieldBad() {
        RuleSet rules = RuleSet.parse("* unit kW");
        AssetRecord out = rules.apply(rec(TANK_1, T0, "power", f(1500, "", T0), "temp", f(20, "Cel", T0)));
        assertThat(out.field("power").quality().status()).isEqualTo(Status.BAD);
        assertThat(out.field("power").quality().reason()).isEqualTo(Reason.CONFIGURATION_ERROR);
        assertThat(out.field("temp").quality().reason()).isEqualTo(Reason.CONVERSION_ERROR);
        assertThat(out.field("temp").quality().detail()).contains("'Cel'").contains("'kW'");
        assertThat(out.field("temp").value().asDouble()).as("value left as it was").isEqualTo(20);
    }

    @Test
    void nothingToDoReturnsTheSameRecord() {
        RuleSet rules = RuleSet.parse("power unit kW", "temperature range -20 150");
        AssetRecord in = rec(TANK_1, T0, "power", f(1.5, "kW", T0), "level", f(3, "m", T0));
        assertThat(rules.apply(in)).isSameAs(in);
    }

    @Test
    void rangeSetsQualityOrDropsTheField() {
        AssetRecord in = rec(TANK_1, T0, "temperature", f(180.5, "Cel", T0), "level", f(-1, "m", T0));
        AssetRecord bad = RuleSet.parse("temperature range -20 150", "level range 0 10 UNCERTAIN").apply(in);
        assertThat(bad.field("temperature").quality().status()).isEqualTo(Status.BAD);
        assertThat(bad.field("temperature").quality().reason()).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(bad.field("temperature").quality().detail()).contains("180.5").contains("-20.0");
        assertThat(bad.field("temperature").value().asDouble()).as("value kept").isEqualTo(180.5);
        assertThat(bad.field("level").quality().status()).isEqualTo(Status.UNCERTAIN);

        AssetRecord dropped = RuleSet.parse("temperature range -20 150 BAD drop").apply(in);
        assertThat(dropped.fields()).containsOnlyKeys("level");

        AssetRecord inRange = rec(TANK_1, T0, "temperature", f(20, "Cel", T0));
        assertThat(RuleSet.parse("temperature range -20 150 drop").apply(inRange)).isSameAs(inRange);
    }

    @Test
    void rangeNeverUpgradesABadSample() {
        Quality timeout = Quality.bad(Reason.TIMEOUT, "no answer");
        AssetRecord in = rec(TANK_1, T0, "temperature", new FieldValue(Value.of(999.0), "Cel", timeout, T0));
        AssetRecord out = RuleSet.parse("temperature range -20 150 UNCERTAIN").apply(in);
        assertThat(out.field("temperature").quality()).isEqualTo(timeout);
    }

    @Test
    void clampSubstitutesAndSaysSo() {
        RuleSet rules = RuleSet.parse("level clamp 0 10");
        AssetRecord out = rules.apply(rec(TANK_1, T0, "level", f(-0.3, "m", T0)));
        assertThat(out.field("level").value().asDouble()).isEqualTo(0.0);
        assertThat(out.field("level").quality().status()).isEqualTo(Status.UNCERTAIN);
        assertThat(out.field("level").quality().reason()).isEqualTo(Reason.SUBSTITUTED);
        assertThat(rules.apply(rec(TANK_1, T0, "level", f(12, "m", T0))).field("level").value().asDouble())
                .isEqualTo(10.0);
    }

    @Test
    void absoluteDeadbandWithHeartbeatPerAsset() {
        RuleSet rules = RuleSet.parse("power deadband 0.5 heartbeat 10s");
        assertThat(rules.apply(rec(TANK_1, T0, "power", f(10.0, "kW", T0)))).isNotNull();
        // within the band: the field is left out; a record left without fields is filtered (null)
        assertThat(rules.apply(rec(TANK_1, T0.plusSeconds(1), "power", f(10.4, "kW", T0.plusSeconds(1))))).isNull();
        // other asset has its own state
        assertThat(rules.apply(rec(TANK_2, T0.plusSeconds(1), "power", f(10.4, "kW", T0.plusSeconds(1)))))
                .isNotNull();
        // the band is measured from the last value passed (10.0), not the last seen
        assertThat(rules.apply(rec(TANK_1, T0.plusSeconds(2), "power", f(10.6, "kW", T0.plusSeconds(2)))))
                .isNotNull();
        assertThat(rules.apply(rec(TANK_1, T0.plusSeconds(3), "power", f(10.6, "kW", T0.plusSeconds(3))))).isNull();
        // heartbeat: unchanged but 10 s since the last passed value (t+2)
        assertThat(rules.apply(rec(TANK_1, T0.plusSeconds(12), "power", f(10.6, "kW", T0.plusSeconds(12)))))
                .isNotNull();
        // quality change always passes
        FieldValue uncertain = new FieldValue(Value.of(10.6), "kW",
                Quality.uncertain(Reason.STALE, "old"), T0.plusSeconds(13));
        assertThat(rules.apply(rec(TANK_1, T0.plusSeconds(13), "power", uncertain))).isNotNull();
    }

    @Test
    void aDryRunDoesNotMoveTheDeadband() {
        RuleSet rules = RuleSet.parse("power deadband 0.5 heartbeat 10s");
        assertThat(rules.apply(rec(TANK_1, T0, "power", f(10.0, "kW", T0)))).isNotNull();
        AssetRecord preview = Preview.run(() -> rules.apply(rec(TANK_1, T0.plusSeconds(1), "power",
                f(10.6, "kW", T0.plusSeconds(1)))));
        assertThat(preview).isNotNull();
        // Measured from 10.0 (really passed), 10.3 is inside the band; from 10.6 (only previewed) it would not be.
        assertThat(rules.apply(rec(TANK_1, T0.plusSeconds(2), "power", f(10.3, "kW", T0.plusSeconds(2))))).isNull();
        assertThat(rules.apply(rec(TANK_1, T0.plusSeconds(3), "power", f(10.6, "kW", T0.plusSeconds(3)))))
                .isNotNull();
    }

    @Test
    void percentDeadbandKeepsOtherFields() {
        RuleSet rules = RuleSet.parse("power deadband 2% heartbeat 1m");
        rules.apply(rec(TANK_1, T0, "power", f(100, "kW", T0), "temperature", f(20, "Cel", T0)));
        AssetRecord out = rules.apply(rec(TANK_1, T0.plusSeconds(1), "power", f(101.9, "kW", T0.plusSeconds(1)),
                "temperature", f(21, "Cel", T0.plusSeconds(1))));
        assertThat(out.fields()).containsOnlyKeys("temperature");
        out = rules.apply(rec(TANK_1, T0.plusSeconds(2), "power", f(102.1, "kW", T0.plusSeconds(2))));
        assertThat(out.field("power").value().asDouble()).isEqualTo(102.1);
    }

    @Test
    void roundRenameAndDrop() {
        RuleSet rules = RuleSet.parse("rawLevel rename level", "level scale 0.001", "* round 2", "debug* drop");
        AssetRecord out = rules.apply(rec(TANK_1, T0, "rawLevel", f(3456.7, "", T0), "power", f(1.23456, "kW", T0),
                "debugCounter", f(7, "", T0), "debugFlags", f(1, "", T0)));
        assertThat(out.fields().keySet()).containsExactly("level", "power");
        assertThat(out.field("level").value().asDouble()).isEqualTo(3.46);
        assertThat(out.field("power").value().asDouble()).isEqualTo(1.23);
    }

    @Test
    void allFieldsDroppedFiltersTheRecord() {
        assertThat(RuleSet.parse("* drop").apply(rec(TANK_1, T0, "a", f(1, "", T0)))).isNull();
    }

    @Test
    void staleFieldsBecomeUncertain() {
        RuleSet rules = RuleSet.parse("* stale 30s");
        AssetRecord out = rules.apply(rec(TANK_1, T0.plusSeconds(45), "power", f(1, "kW", T0.plusSeconds(45)),
                "temperature", f(20, "Cel", T0)));
        assertThat(out.field("power").quality()).isEqualTo(Quality.GOOD);
        assertThat(out.field("temperature").quality().status()).isEqualTo(Status.UNCERTAIN);
        assertThat(out.field("temperature").quality().reason()).isEqualTo(Reason.STALE);
        assertThat(out.field("temperature").quality().detail()).contains("45");
    }

    @Test
    void numericRulesOnTextMarkTheFieldBad() {
        AssetRecord out = RuleSet.parse("state scale 2").apply(rec(TANK_1, T0, "state",
                new FieldValue(Value.of("FILLING"), "", Quality.GOOD, T0)));
        assertThat(out.field("state").quality().reason()).isEqualTo(Reason.CONVERSION_ERROR);
        assertThat(out.field("state").value().asString()).isEqualTo("FILLING");
    }

    @Test
    void badRulesAreNamedWithTheirNumberAndText() {
        assertThatThrownBy(() -> RuleSet.parse("power scale x")).hasMessageContaining("rule 1 'power scale x'")
                .hasMessageContaining("factor 'x' is not a number");
        assertThatThrownBy(() -> RuleSet.parse("# header", "power unit W furlong", "t range 10 0"))
                .hasMessageContaining("rule 2 'power unit W furlong'").hasMessageContaining("unit 'furlong'")
                .hasMessageContaining("rule 3 't range 10 0'").hasMessageContaining("min 10 is greater than max 0");
        assertThatThrownBy(() -> RuleSet.parse("power unit W Cel")).hasMessageContaining("cannot convert 'W'");
        assertThatThrownBy(() -> RuleSet.parse("power frobnicate")).hasMessageContaining("unknown operation");
        assertThatThrownBy(() -> RuleSet.parse("power deadband 1 heartbeat soon"))
                .hasMessageContaining("'soon' is not a duration");
        assertThatThrownBy(() -> RuleSet.parse("p* rename q")).hasMessageContaining("glob 'p*'");
        assertThatThrownBy(() -> RuleSet.parse("power round -1")).hasMessageContaining("decimals '-1'");
        assertThatThrownBy(() -> RuleSet.parse("pow/er drop")).hasMessageContaining("field 'pow/er'");
    }

    @Test
    void componentValidatesItsConfiguration() {
        assertThatThrownBy(() -> new NormalizerRules(Configs.of(NormalizerRulesConfig.class, Map.of())))
                .hasMessageContaining("rules must hold at least one rule");
        assertThatThrownBy(() -> new NormalizerRules(Configs.of(NormalizerRulesConfig.class,
                Map.of("rules", new String[] { "power scale ten" })))).hasMessageStartingWith("rules: rule 1")
                .hasMessageContaining("'ten'");
        assertThatThrownBy(() -> new NormalizerRules(Configs.of(NormalizerRulesConfig.class,
                Map.of("rules", new String[] { "power scale 10" }, "plantwire_stage_asset_selector",
                        new String[] { "acme/**/tank 1" })))).hasMessageContaining("plantwire.stage.asset.selector")
                .hasMessageContaining("'acme/**/tank 1'");
        NormalizerRules ok = new NormalizerRules(Configs.of(NormalizerRulesConfig.class,
                Map.of("rules", new String[] { "power unit kW" })));
        assertThat(ok.normalize(rec(TANK_1, T0, "power", f(2000, "W", T0))).field("power").value().asDouble())
                .isEqualTo(2.0);
    }

    @Test
    void referenceScenarioRuleSetFromTheDocs() {
        RuleSet rules = RuleSet.parse("temperature linear 0.1 0", "temperature range -20 150 BAD keep",
                "power unit kW", "energy unit kWh", "power deadband 0.5% heartbeat 60s", "* round 3", "* stale 30s");
        AssetRecord out = rules.apply(rec(TANK_2, T0.plusSeconds(40), "power", f(2001.5, "W", T0.plusSeconds(40)),
                "energy", f(1_000_000, "Wh", T0.plusSeconds(40)),
                "temperature", new FieldValue(Value.of(223L), "Cel", Quality.GOOD, T0)));
        assertThat(out.field("power").value().asDouble()).isEqualTo(2.002);
        assertThat(out.field("energy").value().asDouble()).isEqualTo(1000.0);
        assertThat(out.field("energy").unit()).isEqualTo("kWh");
        assertThat(out.field("temperature").value().asDouble()).isEqualTo(22.3);
        assertThat(out.field("temperature").quality().reason()).isEqualTo(Reason.STALE);
        // 0.2 % later: inside the power deadband, so only energy and temperature go on
        AssetRecord next = rules.apply(rec(TANK_2, T0.plusSeconds(41), "power", f(2005.0, "W", T0.plusSeconds(41)),
                "energy", f(1_000_001, "Wh", T0.plusSeconds(41))));
        assertThat(next.fields()).containsOnlyKeys("energy");
    }
}
