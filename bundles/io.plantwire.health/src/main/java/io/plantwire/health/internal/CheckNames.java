package io.plantwire.health.internal;

import java.util.List;

/**
 * The Plantwire checks: each check's name is also its own tag, beside the common tag "plantwire". The checks are
 * immediate components: the executor gets and releases a check for every run, and a delayed component would be
 * deactivated after each, losing what it watches over time (since when a sink is disconnected, when a device was
 * first seen).
 */
final class CheckNames {

    static final String DEVICES = "devices";
    static final String SINKS = "sinks";
    static final String PIPELINE = "pipeline";
    static final String FEATURES = "features";
    static final String STORE = "store";

    /** Every check the health bundle registers; one that is not running is reported as CRITICAL. */
    static final List<String> ALL = List.of(DEVICES, FEATURES, PIPELINE, SINKS, STORE);

    /** The component (class) name of each check, to tell why one is not running. */
    static final java.util.Map<String, Class<?>> COMPONENTS = java.util.Map.of(
            DEVICES, DevicesConnectedCheck.class,
            FEATURES, FeatureComponentsCheck.class,
            PIPELINE, RequiredStagesCheck.class,
            SINKS, SinksDeliveringCheck.class,
            STORE, StoreDiskSpaceCheck.class);

    /** Results are kept this long, so probes hitting /health often do not re-run the checks each time. */
    static final String RESULT_CACHE_TTL = "hc.resultCacheTtlInMs:Long=1000";

    private CheckNames() {
    }
}
