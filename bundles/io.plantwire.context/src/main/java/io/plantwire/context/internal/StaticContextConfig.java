package io.plantwire.context.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Plantwire static context",
        description = "Fixed context attributes for the selected assets (chemical, capacity, plant names). One "
                + "factory configuration per attribute set.")
@interface StaticContextConfig {

    @AttributeDefinition(name = "Attributes", description = "key=value entries, e.g. chemical=sulphuric acid, "
            + "capacityM3=50.")
    String[] attributes();

    @AttributeDefinition(name = "Stage name")
    String plantwire_stage_name() default "static-context";

    @AttributeDefinition(name = "Asset selector", description = "ISA-95 path globs of the assets that get these "
            + "attributes; ** for all.")
    String[] plantwire_stage_asset_selector() default { "**" };

    @AttributeDefinition(name = "Ranking", description = "Context providers run from the highest ranking to the "
            + "lowest; a later provider's key replaces an earlier one's.")
    int service_ranking() default 0;
}
