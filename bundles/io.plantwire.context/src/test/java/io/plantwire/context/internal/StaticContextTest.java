package io.plantwire.context.internal;

import static io.plantwire.context.internal.Records.TANK_1;
import static io.plantwire.context.internal.Records.tank;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.test.support.Configs;

class StaticContextTest {

    @Test
    void addsFixedAttributes() {
        StaticContext c = new StaticContext(Configs.of(StaticContextConfig.class,
                Map.of("attributes", new String[] { "chemical=sulphuric acid", "capacityM3 = 50" })));
        AssetRecord r = c.enrich(tank(TANK_1));
        assertThat(r.context().get("chemical").value()).isEqualTo("sulphuric acid");
        assertThat(r.context().get("capacityM3").value()).isEqualTo("50");
        assertThat(r.context().get("chemical").stale()).isFalse();
        assertThat(c.enrich(r)).as("nothing new to add").isSameAs(r);
    }

    @Test
    void badConfigurationNamesFieldAndValue() {
        assertThatThrownBy(() -> new StaticContext(Configs.of(StaticContextConfig.class,
                Map.of("attributes", new String[] { "chemical" })))).hasMessageContaining("attributes entry 'chemical'");
        assertThatThrownBy(() -> new StaticContext(Configs.of(StaticContextConfig.class,
                Map.of("attributes", new String[] { "che mical=x" })))).hasMessageContaining("key 'che mical'");
        assertThatThrownBy(() -> new StaticContext(Configs.of(StaticContextConfig.class,
                Map.of("attributes", new String[0])))).hasMessageContaining("attributes must hold");
        assertThatThrownBy(() -> new StaticContext(Configs.of(StaticContextConfig.class,
                Map.of("attributes", new String[] { "a=b" }, "plantwire_stage_asset_selector",
                        new String[] { "acme//x" })))).hasMessageContaining("plantwire.stage.asset.selector")
                .hasMessageContaining("'acme//x'");
    }
}
