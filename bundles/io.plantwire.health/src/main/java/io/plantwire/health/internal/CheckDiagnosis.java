package io.plantwire.health.internal;

import org.osgi.framework.Bundle;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/** Why a check's component is not running, from SCR: its failure, or the thresholds' failure it waits for. */
final class CheckDiagnosis {

    private final ServiceComponentRuntime scr;
    private final Bundle bundle;

    CheckDiagnosis(ServiceComponentRuntime scr, Bundle bundle) {
        this.scr = scr;
        this.bundle = bundle;
    }

    String whyNotRunning(String check) {
        Class<?> type = CheckNames.COMPONENTS.get(check);
        String reason = type == null ? null : reason(type.getName());
        return reason == null ? "its component is not registered" : reason;
    }

    private String reason(String componentName) {
        ComponentDescriptionDTO d = scr.getComponentDescriptionDTO(bundle, componentName);
        if (d == null) {
            return null;
        }
        if (!scr.isComponentEnabled(d)) {
            return "component " + componentName + " is disabled";
        }
        for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
            if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                return "component failed to activate: " + Finding.foreign(Finding.firstLine(c.failure));
            }
            if (c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
                for (UnsatisfiedReferenceDTO u : c.unsatisfiedReferences) {
                    if ("thresholds".equals(u.name)) {
                        String thresholds = reason(HealthThresholds.class.getName());
                        return "its thresholds (" + HealthThresholds.PID + ") are not available"
                                + (thresholds == null ? "" : ": " + thresholds);
                    }
                }
                return "component waits for " + c.unsatisfiedReferences.length + " reference(s)";
            }
        }
        return null;
    }
}
