package io.plantwire.api.stage;

/** Service property names the pipeline reads from stage services. */
public final class StageProperties {

    /** The stage's name (String). Required stages are named in the pipeline configuration by this name. */
    public static final String STAGE_NAME = "plantwire.stage.name";

    /** ISA-95 path globs (String or String[]) limiting the assets a normalizer, context provider or sink sees. */
    public static final String ASSET_SELECTOR = "plantwire.stage.asset.selector";

    /** Device id globs (String or String[]) limiting the readings a mapper sees. */
    public static final String DEVICE_SELECTOR = "plantwire.stage.device.selector";

    private StageProperties() {
    }
}
