package io.plantwire.health.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.plantwire.features.ConfigurationStatus;
import io.plantwire.features.FeatureException;
import io.plantwire.features.FeatureInfo;
import io.plantwire.features.FeatureManager;
import io.plantwire.health.GatewayHealth;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * No component of an installed feature failed: for every feature the installer lists as installed, its bundles are
 * active, none of their DS components failed to activate, and the components that took the feature's
 * configurations are running (one still waiting for a reference is a warning).
 */
@Component(service = HealthCheck.class, immediate = true, property = {
    HealthCheck.NAME + "=" + CheckNames.FEATURES,
    HealthCheck.TAGS + "=" + GatewayHealth.TAG,
    HealthCheck.TAGS + "=" + CheckNames.FEATURES,
    CheckNames.RESULT_CACHE_TTL
})
public final class FeatureComponentsCheck implements HealthCheck {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile FeatureManager features;

    private final BundleContext context;
    private final ServiceComponentRuntime scr;

    @Activate
    public FeatureComponentsCheck(BundleContext context, @Reference ServiceComponentRuntime scr) {
        this.context = context;
        this.scr = scr;
    }

    @Override
    public Result execute() {
        FeatureManager manager = features;
        List<Finding> findings = new ArrayList<>();
        if (manager == null) {
            findings.add(Finding.warn("the feature installer is not running; installed features not checked"));
            return Finding.result(findings);
        }
        int checked = 0;
        List<FeatureInfo> all;
        try {
            all = manager.features();
        } catch (RuntimeException e) {
            findings.add(Finding.critical("the feature installer did not list its features: " + Finding.foreign(e.toString())));
            return Finding.result(findings);
        }
        for (FeatureInfo f : all) {
            if (f.installed()) {
                checked++;
                findings.addAll(judge(f, manager));
            }
        }
        boolean failing = findings.stream().anyMatch(f -> f.status().ordinal() > Result.Status.WARN.ordinal());
        String summary = checked == 0 ? "no features installed"
                : checked + " installed feature" + (checked == 1 ? "" : "s") + " checked";
        findings.add(failing ? Finding.critical(summary) : Finding.ok(summary));
        return Finding.result(findings);
    }

    private List<Finding> judge(FeatureInfo feature, FeatureManager manager) {
        String name = Finding.foreign(feature.name());
        List<Finding> findings = new ArrayList<>();
        Set<String> failedComponents = new LinkedHashSet<>();
        for (FeatureBundles.Match m : FeatureBundles.of(feature, context.getBundles())) {
            Bundle b = m.bundle();
            if (b == null) {
                findings.add(Finding.critical("feature " + name + ": bundle " + Finding.foreign(m.coordinates())
                        + " is not installed"));
                continue;
            }
            if (b.getHeaders("").get(Constants.FRAGMENT_HOST) == null && b.getState() != Bundle.ACTIVE) {
                findings.add(Finding.critical("feature " + name + ": bundle " + Finding.foreign(b.getSymbolicName())
                        + " is " + FeatureBundles.stateName(b.getState()) + ", not active"));
                continue;
            }
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                    if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION && failedComponents.add(d.name)) {
                        findings.add(Finding.critical("feature " + name + ": component " + Finding.foreign(d.name)
                                + " failed to activate: " + Finding.foreign(Finding.rootCause(c.failure))));
                    }
                }
            }
        }
        try {
            for (ConfigurationStatus c : manager.status(feature.name())) {
                if (c.ok() || failedComponents.contains(c.component())) {
                    continue;
                }
                String text = "feature " + name + ": configuration " + Finding.foreign(c.pid()) + " is "
                        + Finding.foreign(c.state()) + (c.detail().isEmpty() ? "" : " (" + Finding.foreign(c.detail()) + ")");
                findings.add("FAILED_ACTIVATION".equals(c.state()) ? Finding.critical(text) : Finding.warn(text));
            }
        } catch (FeatureException | RuntimeException e) {
            findings.add(Finding.critical("feature " + name + ": status unknown: " + Finding.foreign(e.getMessage())));
        }
        return findings;
    }
}
