package io.plantwire.normalizer.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Plantwire normalizer rule set",
        description = "Cleans and normalizes the fields of the selected assets. One factory configuration per rule "
                + "set; rule sets run in service.ranking order, highest first.")
@interface NormalizerRulesConfig {

    @AttributeDefinition(name = "Rules", description = "One rule per entry, '<field> <operation> <arguments>', "
            + "applied in order. Operations: scale F | offset A | linear F A | unit TO | unit FROM TO | "
            + "range MIN MAX [BAD|UNCERTAIN] [keep|drop] | clamp MIN MAX | deadband BAND[%] [heartbeat 60s] | "
            + "round DECIMALS | rename NEW | drop | stale 30s. The field may be a glob (*). # starts a comment.")
    String[] rules();

    @AttributeDefinition(name = "Stage name", description = "Name of this normalizer in the pipeline's "
            + "configuration (requiredStages) and metrics.")
    String plantwire_stage_name() default "normalizer";

    @AttributeDefinition(name = "Asset selector", description = "ISA-95 path globs of the assets this rule set "
            + "applies to, e.g. acme/rotterdam/tankfarm/** ; ** for all.")
    String[] plantwire_stage_asset_selector() default { "**" };

    @AttributeDefinition(name = "Ranking", description = "Rule sets run from the highest ranking to the lowest.")
    int service_ranking() default 0;
}
