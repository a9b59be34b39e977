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
        boolean isThresholds = componentName.equals(HealthThresholds.class.getName());
        for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
            boolean waitsForThresholds = false;
            if (c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
                for (UnsatisfiedReferenceDTO u : c.unsatisfiedReferences) {
                    waitsForThresholds |= "thresholds".equals(u.name);
                }
                if (!waitsForThresholds) {
                    return "component waits for " + c.unsatisfiedReferences.length + " reference(s)";
                }
            }
            if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION || waitsForThresholds) {
                // A check fails with its thresholds (their service is registered, their activation fails): say why.
                String thresholds = isThresholds ? null : reason(HealthThresholds.class.getName());
                if (thresholds != null) {
                    return "its thresholds (" + HealthThresholds.PID + ") are not available: " + thresholds;
                }
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    return "component failed to activate: " + Finding.foreign(Finding.rootCause(c.failure));
                }
            }
        }
        return null;
    }
}
