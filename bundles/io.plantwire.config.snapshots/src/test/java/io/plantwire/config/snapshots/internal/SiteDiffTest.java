package io.plantwire.config.snapshots.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.plantwire.config.snapshots.internal.SiteDiff.Change;
import io.plantwire.config.snapshots.internal.SiteDiff.Kind;

class SiteDiffTest {

    private static final SiteConfiguration BEFORE = SiteConfiguration.of(Map.of(
            "io.plantwire.driver.modbus.device~meter-1", Map.of("port", 5020, "host", "127.0.0.1", "unitId", 1),
            "io.plantwire.sink.mqtt~uns", Map.of("password", "hunter2", "topics", new String[] {"a", "b"}),
            "io.plantwire.mapper.asset~tank-3", Map.of("asset", "tank-3")),
            List.of("feature:a:1"), List.of("b.one 1.0.0"));

    private static final SiteConfiguration AFTER = SiteConfiguration.of(Map.of(
            "io.plantwire.driver.modbus.device~meter-1", Map.of("port", 5021, "host", "127.0.0.1", "timeoutMs", 500),
            "io.plantwire.sink.mqtt~uns", Map.of("password", "$[secret:mqtt]", "topics", new String[] {"a", "b"}),
            "io.plantwire.mapper.asset~tank-4", Map.of("asset", "tank-4")),
            List.of("feature:b:1"), List.of("b.one 1.0.0", "b.two 2.0.0"));

    @Test
    void namesEveryChangePerPidAndProperty() {
        List<Change> changes = SiteDiff.between(BEFORE, AFTER).changes();
        assertThat(changes).contains(
                new Change(Kind.PROPERTY_CHANGED, "io.plantwire.driver.modbus.device~meter-1", "port", 5020, 5021),
                new Change(Kind.PROPERTY_ADDED, "io.plantwire.driver.modbus.device~meter-1", "timeoutMs", null, 500),
                new Change(Kind.PROPERTY_REMOVED, "io.plantwire.driver.modbus.device~meter-1", "unitId", 1, null),
                new Change(Kind.CONFIGURATION_ADDED, "io.plantwire.mapper.asset~tank-4", "", null, null),
                new Change(Kind.CONFIGURATION_REMOVED, "io.plantwire.mapper.asset~tank-3", "", null, null),
                new Change(Kind.FEATURE_ADDED, "feature:b:1", "", null, null),
                new Change(Kind.FEATURE_REMOVED, "feature:a:1", "", null, null),
                new Change(Kind.BUNDLE_ADDED, "b.two 2.0.0", "", null, null));
        assertThat(changes).noneMatch(c -> c.key().equals("topics") || c.key().equals("host"));
    }

    @Test
    void sameValuesOfAnotherTypeAreAChange() {
        SiteConfiguration a = SiteConfiguration.of(Map.of("p", Map.of("n", 5)), List.of(), List.of());
        SiteConfiguration b = SiteConfiguration.of(Map.of("p", Map.of("n", 5L)), List.of(), List.of());
        assertThat(SiteDiff.between(a, b).changes()).containsExactly(
                new Change(Kind.PROPERTY_CHANGED, "p", "n", 5, 5L));
        assertThat(SiteDiff.between(a, a).isEmpty()).isTrue();
    }

    @Test
    void renderingMasksPlaintextSecretsButShowsReferences() {
        String text = SiteDiff.between(BEFORE, AFTER).render();
        assertThat(text).contains("~ io.plantwire.driver.modbus.device~meter-1", "    ~ port: 5020 -> 5021",
                "password: *** -> \"$[secret:mqtt]\"", "+ feature feature:b:1", "+ bundle b.two 2.0.0",
                "1 configuration(s) added, 2 changed, 1 removed; features +1 -1; bundles +1");
        assertThat(text).doesNotContain("hunter2");
    }
}
