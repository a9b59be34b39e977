package io.plantwire.mapper.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "Plantwire asset map",
        description = "One asset (e.g. a chemical tank) built from points of one or more devices. One factory "
                + "configuration per asset.")
@interface AssetMapConfig {

    @AttributeDefinition(name = "Enterprise", description = "ISA-95 enterprise level, e.g. acme. 1-64 characters "
            + "A-Z a-z 0-9 _ - . starting with a letter or digit (safe as MQTT topic level and Kafka topic name).")
    String enterprise();

    @AttributeDefinition(name = "Site", description = "ISA-95 site level, e.g. rotterdam.")
    String site();

    @AttributeDefinition(name = "Area", description = "ISA-95 area level, e.g. tankfarm.")
    String area();

    @AttributeDefinition(name = "Line", description = "ISA-95 line level, e.g. line-1.")
    String line();

    @AttributeDefinition(name = "Cell", description = "ISA-95 cell level, e.g. cell-a.")
    String cell();

    @AttributeDefinition(name = "Asset", description = "ISA-95 asset level, the asset's own name, e.g. tank-2.")
    String asset();

    @AttributeDefinition(name = "Asset type", description = "What kind of asset this is, e.g. ChemicalTank.")
    String assetType() default "Asset";

    @AttributeDefinition(name = "Fields", required = false,
            description = "Field mappings field=deviceId/point or field=deviceId/point|unit, e.g. "
                    + "power=meter-2/activePower|W and temperature=temperature-reader/tank2Temperature. The unit, "
                    + "when given, replaces the unit the driver reports.")
    String[] fields() default {};

    @AttributeDefinition(name = "CSV point map", required = false,
            description = "Path of a CSV file with more field mappings (columns field,device,point[,unit]; header "
                    + "and # comments allowed). Relative paths are resolved against the gateway's working directory.")
    String csvFile() default "";

    @AttributeDefinition(name = "Emission", description = "What a record holds when a source updates.",
            options = {
                    @Option(label = "All latest fields (each with its own timestamp and quality)", value = "ALL_LATEST"),
                    @Option(label = "Only the fields whose value or quality changed", value = "CHANGED_ONLY") })
    EmissionPolicy emission() default EmissionPolicy.ALL_LATEST;

    @AttributeDefinition(name = "Stage name", description = "Name of this mapper stage in the pipeline's "
            + "configuration and metrics.")
    String plantwire_stage_name() default "asset-mapper";

    @AttributeDefinition(name = "Device selector", description = "Device id globs whose readings the pipeline "
            + "hands to this mapper; readings of devices the asset does not use are ignored anyway.")
    String[] plantwire_stage_device_selector() default { "*" };
}
