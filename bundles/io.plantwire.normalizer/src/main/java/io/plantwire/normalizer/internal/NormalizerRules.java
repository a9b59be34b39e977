package io.plantwire.normalizer.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.AssetSelector;
import io.plantwire.api.stage.Normalizer;
import io.plantwire.api.stage.PlantwireStage;

/** A configured rule set: one component instance per factory configuration ({@value #PID}~name). */
@Component(name = NormalizerRules.PID, service = Normalizer.class, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = NormalizerRulesConfig.class, factory = true)
@PlantwireStage(name = "normalizer")
public final class NormalizerRules implements Normalizer {

    /** Factory PID of rule sets. */
    public static final String PID = "io.plantwire.normalizer.rules";

    private final RuleSet rules;

    @Activate
    public NormalizerRules(NormalizerRulesConfig config) {
        String[] r = config.rules();
        if (r == null || r.length == 0) {
            throw new IllegalArgumentException("rules must hold at least one rule, got none");
        }
        try {
            this.rules = RuleSet.parse(r);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rules: " + e.getMessage(), e);
        }
        if (rules.size() == 0) {
            throw new IllegalArgumentException("rules hold only comments or blank lines");
        }
        String[] selector = config.plantwire_stage_asset_selector();
        try {
            AssetSelector.of(selector);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("plantwire.stage.asset.selector: " + e.getMessage(), e);
        }
    }

    @Override
    public AssetRecord normalize(AssetRecord record) {
        return rules.apply(record);
    }
}
