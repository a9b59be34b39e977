package io.plantwire.console.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.osgi.service.component.ComponentServiceObjects;

import io.plantwire.features.ChangeReport;
import io.plantwire.features.ConfigurationStatus;
import io.plantwire.features.FeatureException;
import io.plantwire.features.FeatureInfo;
import io.plantwire.features.FeatureManager;

/**
 * The features page's side of {@link FeatureManager}: reads the features and their status into the page's records
 * and carries out a {@link FeatureAction}, turning the {@link ChangeReport} or the {@link FeatureException} into an
 * {@link FeaturesPage.Outcome}. This is the only class of the page that uses {@code io.plantwire.features}; it is
 * loaded only when a FeatureManager is there.
 */
final class FeatureDesk {

    private final FeatureManager manager;

    FeatureDesk(FeatureManager manager) {
        this.manager = manager;
    }

    /** The features of the bound FeatureManager, or null when the service went away meanwhile. */
    static List<FeaturesPage.Feature> features(ComponentServiceObjects<FeatureManager> service) {
        return withManager(service, FeatureDesk::features);
    }

    /** Carries out the action with the bound FeatureManager, or null when the service went away meanwhile. */
    static FeaturesPage.Outcome perform(ComponentServiceObjects<FeatureManager> service, FeatureAction action) {
        return withManager(service, desk -> desk.perform(action));
    }

    private static <T> T withManager(ComponentServiceObjects<FeatureManager> service, Function<FeatureDesk, T> work) {
        FeatureManager manager;
        try {
            manager = service.getService();
        } catch (IllegalStateException e) {
            return null; // the page component is being deactivated
        }
        if (manager == null) {
            return null;
        }
        try {
            return work.apply(new FeatureDesk(manager));
        } finally {
            try {
                service.ungetService(manager);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // the service or this component went away meanwhile: nothing left to release
            }
        }
    }

    /** The features the installer knows, with the component status of the installed ones. */
    List<FeaturesPage.Feature> features() {
        List<FeaturesPage.Feature> rows = new ArrayList<>();
        for (FeatureInfo f : manager.features()) {
            List<FeaturesPage.ComponentState> status = List.of();
            String problem = null;
            if (f.installed()) {
                try {
                    status = manager.status(f.id()).stream().map(FeatureDesk::row).toList();
                } catch (FeatureException e) {
                    problem = "status unknown: " + e.getMessage();
                } catch (RuntimeException e) {
                    problem = "status unknown: " + failure(e);
                }
            }
            rows.add(new FeaturesPage.Feature(f.name(), f.id(), f.description(), f.installed(), f.bundles().size(),
                    f.configurations().size(), status, problem));
        }
        return rows;
    }

    private static FeaturesPage.ComponentState row(ConfigurationStatus s) {
        return new FeaturesPage.ComponentState(s.pid(), s.component(), s.state(), s.detail(), s.ok());
    }

    /** Carries out the action; never throws. */
    FeaturesPage.Outcome perform(FeatureAction action) {
        String headline = action.describe();
        try {
            ChangeReport report = action.feature() ? onFeature(action) : onBundle(action);
            String next = action.feature() && !action.verb().equals("uninstall")
                    ? "Components activate asynchronously: the status below shows whether they run." : "";
            return new FeaturesPage.Outcome(true, headline, next, changes(report));
        } catch (FeatureException e) {
            return FeaturesPage.Outcome.failed(headline, e.getMessage() == null ? e.toString() : e.getMessage());
        } catch (RuntimeException e) {
            return FeaturesPage.Outcome.failed(headline, "the feature installer failed: " + failure(e));
        }
    }

    private ChangeReport onFeature(FeatureAction action) throws FeatureException {
        String target = action.target();
        List<FeatureInfo> known = manager.features();
        // Only features the installer lists: the page installs nothing from an arbitrary path on the gateway.
        Optional<FeatureInfo> match = known.stream().filter(f -> f.id().equals(target)).findFirst()
                .or(() -> known.stream().filter(f -> f.name().equals(target)).findFirst());
        if (match.isEmpty()) {
            throw new FeatureException("no feature '" + target + "' is known to the feature installer; known: "
                    + (known.isEmpty() ? "none" : known.stream().map(FeatureInfo::name).distinct()
                            .collect(Collectors.joining(", "))));
        }
        FeatureInfo f = match.get();
        switch (action.verb()) {
            case "install":
                if (f.installed()) {
                    throw new FeatureException("feature " + f.id() + " is already installed; Update brings it in "
                            + "line with its file and the repository");
                }
                return manager.installFeature(f.id());
            case "update":
                requireInstalled(f);
                return manager.updateFeature(f.id());
            default:
                requireInstalled(f);
                return manager.uninstallFeature(f.id());
        }
    }

    private static void requireInstalled(FeatureInfo f) throws FeatureException {
        if (!f.installed()) {
            throw new FeatureException("feature " + f.id() + " is not installed");
        }
    }

    private ChangeReport onBundle(FeatureAction action) throws FeatureException {
        String target = action.target();
        if (target.endsWith(".jar") || target.indexOf('/') >= 0 || target.indexOf('\\') >= 0) {
            throw new FeatureException("'" + target + "' looks like a file path; the page takes Maven coordinates "
                    + "of a jar in the gateway's repository, a bundle id or a symbolic name");
        }
        switch (action.verb()) {
            case "install":
                if (target.indexOf(':') < 0) {
                    throw new FeatureException("install needs Maven coordinates groupId:artifactId:version of a jar "
                            + "in the gateway's repository; '" + target + "' is not (a bundle id or symbolic name "
                            + "names a bundle that is installed already)");
                }
                return manager.installBundle(target);
            case "update":
                return manager.updateBundle(target);
            default:
                return manager.uninstallBundle(target);
        }
    }

    /** The report's non-empty categories, in the order the shell prints them. */
    static List<FeaturesPage.Change> changes(ChangeReport r) {
        List<FeaturesPage.Change> out = new ArrayList<>();
        add(out, "installed", r.installed());
        add(out, "updated", r.updated());
        add(out, "uninstalled", r.uninstalled());
        add(out, "refreshed", r.refreshed());
        add(out, "configurations created", r.configurationsCreated());
        add(out, "configurations updated", r.configurationsUpdated());
        add(out, "configurations kept", r.configurationsKept());
        add(out, "configurations deleted", r.configurationsDeleted());
        return out;
    }

    private static void add(List<FeaturesPage.Change> out, String label, List<String> items) {
        if (!items.isEmpty()) {
            out.add(new FeaturesPage.Change(label, items));
        }
    }

    /** An unexpected failure in one line: its type and message, never a stack trace. */
    static String failure(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
