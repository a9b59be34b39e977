package io.plantwire.features.internal;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.plantwire.features.ChangeReport;
import io.plantwire.features.ConfigurationStatus;
import io.plantwire.features.FeatureException;
import io.plantwire.features.FeatureInfo;
import io.plantwire.features.FeatureManager;

/**
 * Gogo commands for field updates. Gogo finds them through the osgi.command properties, so the bundle needs no Gogo
 * dependency. Use the scoped names ({@code plantwire:install}): Gogo's own felix:install has the same short name.
 */
@Component(service = FeatureCommands.class, property = {
        "osgi.command.scope=plantwire",
        "osgi.command.function=features",
        "osgi.command.function=install",
        "osgi.command.function=update",
        "osgi.command.function=uninstall",
        "osgi.command.function=status" })
public class FeatureCommands {

    private final FeatureManager manager;

    @Activate
    public FeatureCommands(@Reference FeatureManager manager) {
        this.manager = manager;
    }

    /** plantwire:features - the known features, installed ones marked with *. */
    public String features() {
        List<FeatureInfo> features = manager.features();
        if (features.isEmpty()) {
            return "no features (put feature JSON files into the features directory)";
        }
        StringBuilder out = new StringBuilder(String.format("  %-22s %-58s %s%n", "NAME", "ID", "BUNDLES/CONFIGS"));
        for (FeatureInfo f : features) {
            out.append(String.format("%s %-22s %-58s %d/%d%n", f.installed() ? "*" : " ", f.name(), f.id(),
                    f.bundles().size(), f.configurations().size()));
        }
        return out.append("* installed").toString();
    }

    /**
     * plantwire:install &lt;feature | groupId:artifactId:version | file.jar&gt; - installs a feature (by name, id or
     * JSON file) or one bundle from the repository.
     */
    public String install(String what) throws FeatureException {
        if (isFeature(what)) {
            ChangeReport report = manager.installFeature(what);
            return report + System.lineSeparator() + "  (plantwire:status " + what.trim()
                    + " shows whether its components run)";
        }
        return manager.installBundle(what).toString();
    }

    /**
     * plantwire:update &lt;feature | bundle id | symbolic name | coordinates&gt; - brings an installed feature in line
     * with its file and the repository, or updates one bundle in place.
     */
    public String update(String what) throws FeatureException {
        ChangeReport report = isInstalledFeature(what) ? manager.updateFeature(what) : manager.updateBundle(what);
        return report.toString();
    }

    /** plantwire:uninstall &lt;feature | bundle id | symbolic name | coordinates&gt;. */
    public String uninstall(String what) throws FeatureException {
        ChangeReport report = isInstalledFeature(what) ? manager.uninstallFeature(what) : manager.uninstallBundle(what);
        return report.toString();
    }

    /**
     * plantwire:status &lt;feature&gt; - for every configuration of an installed feature, the component that took it
     * and its state (ACTIVE, FAILED_ACTIVATION with the reason, waiting for a reference, ...).
     */
    public String status(String feature) throws FeatureException {
        List<ConfigurationStatus> states = manager.status(feature);
        StringBuilder out = new StringBuilder();
        for (ConfigurationStatus s : states) {
            out.append(String.format("%s %-58s %-26s %s%n", s.ok() ? " " : "!", s.pid(), s.state(), s.detail()));
        }
        long bad = states.stream().filter(s -> !s.ok()).count();
        return out.append(bad == 0 ? "all " + states.size() + " configurations in use"
                : bad + " of " + states.size() + " configurations not in use (!)").toString();
    }

    private boolean isFeature(String what) {
        String ref = what.trim();
        if (ref.endsWith(".json")) {
            return true;
        }
        return manager.features().stream().anyMatch(f -> matches(f, ref));
    }

    private boolean isInstalledFeature(String what) {
        String ref = what.trim();
        return manager.features().stream().anyMatch(f -> f.installed() && (matches(f, ref) || f.source().equals(ref)));
    }

    private static boolean matches(FeatureInfo f, String ref) {
        return f.name().equals(ref) || f.id().equals(ref) || f.id().startsWith(ref + ":");
    }
}
