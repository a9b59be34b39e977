package io.plantwire.context.internal;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.AssetSelector;
import io.plantwire.api.model.ContextValue;
import io.plantwire.api.stage.ContextProvider;
import io.plantwire.api.stage.PlantwireStage;

/** Fixed attributes per asset selector ({@value #PID}~name). */
@Component(name = StaticContext.PID, service = ContextProvider.class,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = StaticContextConfig.class, factory = true)
@PlantwireStage(name = "static-context")
public final class StaticContext implements ContextProvider {

    public static final String PID = "io.plantwire.context.static";

    private final Map<String, ContextValue> attributes;

    @Activate
    public StaticContext(StaticContextConfig config) {
        this(Pairs.parse("attributes", config.attributes()), config.plantwire_stage_asset_selector());
    }

    /** For tests and benchmarks. */
    public StaticContext(Map<String, String> attributes, String... selector) {
        if (attributes.isEmpty()) {
            throw new IllegalArgumentException("attributes must hold at least one key=value entry, got none");
        }
        checkSelector(selector);
        Instant since = Instant.now();
        LinkedHashMap<String, ContextValue> m = new LinkedHashMap<>();
        attributes.forEach((k, v) -> m.put(k, ContextValue.of(v, since)));
        this.attributes = Collections.unmodifiableMap(m);
    }

    static void checkSelector(String[] selector) {
        try {
            AssetSelector.of(selector);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("plantwire.stage.asset.selector: " + e.getMessage(), e);
        }
    }

    @Override
    public AssetRecord enrich(AssetRecord record) {
        return record.withContext(attributes);
    }
}
