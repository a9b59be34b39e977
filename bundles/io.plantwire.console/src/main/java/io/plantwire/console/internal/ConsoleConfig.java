package io.plantwire.console.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the console page and its latest-value sink (PID {@value ConsoleSettings#PID}). Optional: the
 * defaults suit a gateway with up to a hundred assets.
 */
@ObjectClassDefinition(
        id = ConsoleSettings.PID,
        name = "Plantwire console",
        description = "The Web Console page 'Plantwire': how many assets and trend points it keeps in memory and how "
                + "often the page refreshes. Memory is bounded by max assets x trend fields per asset x trend "
                + "points x 8 bytes (about 7.7 MB at the defaults, when every asset has 32 numeric fields).")
@interface ConsoleConfig {

    @AttributeDefinition(name = "Max assets kept", min = "1", max = "10000",
            description = "Assets whose latest record the console keeps. Records of further assets are counted as "
                    + "dropped by the console-latest sink and not shown; raise this if the page says so.")
    int max_assets() default ConsoleSettings.DEFAULT_MAX_ASSETS;

    @AttributeDefinition(name = "Trend points per field", min = "2", max = "3600",
            description = "Newest values kept per numeric field for the trend sparkline (a ring buffer; older "
                    + "points are overwritten).")
    int trend_points() default ConsoleSettings.DEFAULT_TREND_POINTS;

    @AttributeDefinition(name = "Trend fields per asset", min = "0", max = "1000",
            description = "Numeric fields per asset that get a trend, in the asset's field order; 0 turns trends "
                    + "off. Further fields still show their latest value.")
    int trend_fields_per_asset() default ConsoleSettings.DEFAULT_TREND_FIELDS_PER_ASSET;

    @AttributeDefinition(name = "Refresh interval (ms)", min = "500", max = "60000",
            description = "How often the open page asks the gateway for fresh data.")
    int refresh_interval_ms() default ConsoleSettings.DEFAULT_REFRESH_INTERVAL_MS;

    @AttributeDefinition(name = "Trend spacing (ms)", min = "0", max = "60000",
            description = "Least source time between two trend points of one field; samples in between update the "
                    + "latest value only. Keeps a fast-polled field's sparkline minutes long and its cost low (the "
                    + "console's store took ~9 % of the gateway's CPU at 4,500 records/s with every sample kept). "
                    + "0 keeps every sample.")
    int trend_spacing_ms() default ConsoleSettings.DEFAULT_TREND_SPACING_MS;
}
