package io.plantwire.console.internal;

/**
 * Validated console configuration.
 *
 * @param maxAssets assets kept
 * @param trendPoints points per trend
 * @param trendFieldsPerAsset numeric fields per asset with a trend (0: no trends)
 * @param refreshIntervalMs page refresh interval
 * @param trendSpacingMs least source time between two trend points of one field (0: every sample)
 */
record ConsoleSettings(int maxAssets, int trendPoints, int trendFieldsPerAsset, int refreshIntervalMs,
        int trendSpacingMs) {

    /** The configuration PID shared by the plugin and its sink. */
    static final String PID = "io.plantwire.console";

    static final int DEFAULT_MAX_ASSETS = 100;
    static final int DEFAULT_TREND_POINTS = 300;
    static final int DEFAULT_TREND_FIELDS_PER_ASSET = 32;
    static final int DEFAULT_REFRESH_INTERVAL_MS = 2000;
    static final int DEFAULT_TREND_SPACING_MS = 250;

    static final ConsoleSettings DEFAULTS = new ConsoleSettings(DEFAULT_MAX_ASSETS, DEFAULT_TREND_POINTS,
            DEFAULT_TREND_FIELDS_PER_ASSET, DEFAULT_REFRESH_INTERVAL_MS, DEFAULT_TREND_SPACING_MS);

    ConsoleSettings {
        // Metatype min/max are only advice to form renderers; files and the shell bypass them.
        check("max.assets", maxAssets, 1, 10_000);
        check("trend.points", trendPoints, 2, 3_600);
        check("trend.fields.per.asset", trendFieldsPerAsset, 0, 1_000);
        check("refresh.interval.ms", refreshIntervalMs, 500, 60_000);
        check("trend.spacing.ms", trendSpacingMs, 0, 60_000);
    }

    static ConsoleSettings from(ConsoleConfig config) {
        return new ConsoleSettings(config.max_assets(), config.trend_points(), config.trend_fields_per_asset(),
                config.refresh_interval_ms(), config.trend_spacing_ms());
    }

    private static void check(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("console configuration " + PID + ": " + field + " = " + value
                    + " is out of range, use " + min + ".." + max);
        }
    }
}
