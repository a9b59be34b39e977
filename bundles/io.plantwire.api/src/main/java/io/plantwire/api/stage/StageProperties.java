package io.plantwire.api.stage;

import java.util.Map;

/** Service property names the pipeline reads from stage services. */
public final class StageProperties {

    /** The stage's name (String). Required stages are named in the pipeline configuration by this name. */
    public static final String STAGE_NAME = "plantwire.stage.name";

    /** ISA-95 path globs (String or String[]) limiting the assets a normalizer, context provider or sink sees. */
    public static final String ASSET_SELECTOR = "plantwire.stage.asset.selector";

    /** Device id globs (String or String[]) limiting the readings a mapper sees. */
    public static final String DEVICE_SELECTOR = "plantwire.stage.device.selector";

    /**
     * The name of a stage service as the pipeline, the console and the metrics show it: {@link #STAGE_NAME} if set
     * and not blank, else {@code component.name}, else {@code service-<service.id>}.
     *
     * @param props the service properties
     * @return the name, never null
     * @since 1.2
     */
    public static String nameOf(Map<String, ?> props) {
        Object name = props.get(STAGE_NAME);
        if (name instanceof String && !((String) name).isBlank()) {
            return (String) name;
        }
        Object component = props.get("component.name");
        if (component instanceof String) {
            return (String) component;
        }
        return "service-" + props.get("service.id");
    }

    private StageProperties() {
    }
}
