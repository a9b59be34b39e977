package io.plantwire.features;

/**
 * What became of one configuration of an installed feature: which component took it and in which state it is, as
 * Declarative Services reports it. A plant engineer reads this after an install to see that every device, asset and
 * sink is running, or why not.
 *
 * @param pid the configuration PID ({@code factoryPid~name} for factory configurations)
 * @param component the name of the component that took the configuration, or an empty string when none did
 * @param state {@code ACTIVE}, {@code SATISFIED}, {@code UNSATISFIED_REFERENCE}, {@code UNSATISFIED_CONFIGURATION},
 *        {@code FAILED_ACTIVATION}, or {@code NO_COMPONENT} when no component has taken the configuration (its
 *        bundle is not active, or no component uses that PID), or {@code MISSING} when the configuration is gone
 * @param detail the activation failure (which names the attribute and value), the unsatisfied references, or an
 *        empty string
 */
public record ConfigurationStatus(String pid, String component, String state, String detail) {

    /** Whether the component runs (or is ready to run on demand) with this configuration. */
    public boolean ok() {
        return "ACTIVE".equals(state) || "SATISFIED".equals(state);
    }
}
