package io.plantwire.health;

import org.osgi.annotation.versioning.ProviderType;

/** Runs the gateway's health checks and reports the result; provided by the health bundle as an OSGi service. */
@ProviderType
public interface GatewayHealth {

    /**
     * Runs every Plantwire health check (tag {@value #TAG}), answering from the checks' short result cache where a
     * result is fresh. A check that is expected but not running (its component failed, say) is reported as
     * {@code CRITICAL}.
     *
     * @return the result, never null
     */
    HealthReport report();

    /**
     * Runs the checks carrying at least one of the given tags.
     *
     * @param tags tag names, e.g. {@code devices}, {@code sinks}; empty means all Plantwire checks
     * @return the result, never null
     */
    HealthReport report(java.util.Set<String> tags);

    /** The tag every Plantwire health check carries. */
    String TAG = "plantwire";
}
