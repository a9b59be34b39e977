package io.plantwire.features.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Constants;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

import io.plantwire.features.ConfigurationStatus;
import io.plantwire.features.FeatureException;

/**
 * What {@code plantwire:status} shows: for each configuration PID of a feature, the state of every DS component that
 * uses it, read from SCR's DTOs, with the reason of a failed activation or the references it waits for.
 */
final class ComponentStatus {

    private final ServiceComponentRuntime runtime;
    private final ConfigurationLedger ledger;

    ComponentStatus(ServiceComponentRuntime runtime, ConfigurationLedger ledger) {
        this.runtime = runtime;
        this.ledger = ledger;
    }

    List<ConfigurationStatus> of(List<String> pids) throws FeatureException {
        Map<String, List<ConfigurationStatus>> byPid = new HashMap<>();
        for (ComponentDescriptionDTO description : runtime.getComponentDescriptionDTOs()) {
            for (ComponentConfigurationDTO configuration : runtime.getComponentConfigurationDTOs(description)) {
                for (String pid : strings(configuration.properties.get(Constants.SERVICE_PID))) {
                    byPid.computeIfAbsent(pid, p -> new ArrayList<>()).add(new ConfigurationStatus(pid,
                            description.name, stateName(configuration.state), detail(configuration)));
                }
            }
        }
        List<ConfigurationStatus> out = new ArrayList<>();
        for (String pid : pids) {
            if (byPid.containsKey(pid)) {
                out.addAll(byPid.get(pid));
            } else if (ledger.find(pid) == null) {
                out.add(new ConfigurationStatus(pid, "", "MISSING", "the configuration does not exist"));
            } else {
                out.add(new ConfigurationStatus(pid, "", "NO_COMPONENT",
                        "no active component uses this configuration (is its bundle active?)"));
            }
        }
        return out;
    }

    private static List<String> strings(Object value) {
        if (value instanceof String text) {
            return List.of(text);
        }
        if (value instanceof String[] texts) {
            return List.of(texts);
        }
        if (value instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    private static String stateName(int state) {
        switch (state) {
            case ComponentConfigurationDTO.ACTIVE: return "ACTIVE";
            case ComponentConfigurationDTO.SATISFIED: return "SATISFIED";
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE: return "UNSATISFIED_REFERENCE";
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION: return "UNSATISFIED_CONFIGURATION";
            case ComponentConfigurationDTO.FAILED_ACTIVATION: return "FAILED_ACTIVATION";
            default: return "STATE_" + state;
        }
    }

    private static String detail(ComponentConfigurationDTO configuration) {
        if (configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION && configuration.failure != null) {
            // A stack trace: SCR wraps what activate threw (the component's message names the field and the
            // value) in an InvocationTargetException, so the first cause is the line worth showing.
            List<String> lines = configuration.failure.lines().map(String::trim).toList();
            return lines.stream().filter(l -> l.startsWith("Caused by: ")).findFirst()
                    .map(l -> l.substring("Caused by: ".length()))
                    .orElse(lines.isEmpty() ? "" : lines.get(0));
        }
        if (configuration.unsatisfiedReferences != null && configuration.unsatisfiedReferences.length > 0) {
            List<String> missing = new ArrayList<>();
            for (UnsatisfiedReferenceDTO reference : configuration.unsatisfiedReferences) {
                missing.add(reference.name + (reference.target != null ? " " + reference.target : ""));
            }
            return "waiting for " + String.join(", ", missing);
        }
        return "";
    }
}
