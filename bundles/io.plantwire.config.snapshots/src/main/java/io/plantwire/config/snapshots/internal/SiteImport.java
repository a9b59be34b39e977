package io.plantwire.config.snapshots.internal;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Supplier;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.plantwire.api.text.SafeText;
import io.plantwire.features.FeatureException;

/**
 * Makes the gateway's site configuration equal to a document's, all or nothing: first every check that can be made
 * without changing anything (PIDs in scope, features available, values against their attribute definitions), then
 * the features (removed, installed), a second check with the definitions of the bundles they brought, then the
 * configurations (created, updated, deleted). A failure at any step puts back the features and every configuration
 * as they were before and names what failed.
 */
final class SiteImport {

    /** What an import would do and what stops it; nothing is changed to make a plan. */
    record Plan(SiteConfiguration before, SiteConfiguration after, SiteDiff diff, List<String> problems) {

        /** The difference and the problems, as the shell and the console show them. */
        String render() {
            if (problems.isEmpty()) {
                return diff.render();
            }
            StringBuilder out = new StringBuilder("refused: nothing was changed:");
            problems.forEach(p -> out.append("\n  ").append(p));
            return out.append("\nthe document differs from this gateway in:\n").append(diff.render()).toString();
        }
    }

    private final ConfigurationAdmin admin;
    private final SiteCapture capture;
    private final SiteScope scope;
    private final SiteFeatures features;
    private final Supplier<MetatypeCheck> metatype;
    private final FailureInjection failures;

    SiteImport(ConfigurationAdmin admin, SiteCapture capture, SiteScope scope, SiteFeatures features,
            Supplier<MetatypeCheck> metatype, FailureInjection failures) {
        this.admin = admin;
        this.capture = capture;
        this.scope = scope;
        this.features = features;
        this.metatype = metatype;
        this.failures = failures;
    }

    /** The dry run: the difference from now to the document and every problem found without changing anything. */
    Plan plan(SiteConfiguration document) throws IOException {
        SiteConfiguration now = capture.site(features);
        List<String> problems = new ArrayList<>();
        for (String pid : document.configurations().keySet()) {
            if (!scope.includes(pid)) {
                problems.add("configuration " + SafeText.printable(pid, 200) + " is gateway-local (excludedPids "
                        + String.join(", ", scope.excludedGlobs()) + ") and is never imported: remove it");
            }
        }
        List<String> available = features.available();
        List<String> toInstall = document.features().stream().filter(f -> !now.features().contains(f)).toList();
        for (String f : toInstall) {
            if (!available.contains(f)) {
                problems.add("feature " + SafeText.printable(f, 200) + " is not available on this gateway (not in "
                        + "its features directory; plantwire:features lists what is)");
            }
        }
        if (problems.isEmpty()) {
            List<String> definitions = metatype.get().problems(document, now.configurations().keySet());
            if (toInstall.isEmpty()) {
                problems.addAll(definitions);
                problems.addAll(missingBundles(document, now));
            } else {
                // PIDs of the features to install are declared only once they are: checked again after installing
                definitions.stream().filter(p -> !p.contains("unknown PID")).forEach(problems::add);
            }
        }
        return new Plan(now, document, SiteDiff.between(now, document), problems);
    }

    /** Bundles of the document (symbolic name and version) that this gateway does not have. */
    private static List<String> missingBundles(SiteConfiguration document, SiteConfiguration now) {
        List<String> out = new ArrayList<>();
        for (String b : document.bundles()) {
            if (!now.bundles().contains(b)) {
                out.add("bundle " + SafeText.printable(b, 200) + " is not installed on this gateway (install it, "
                        + "e.g. plantwire:install or deploy/, then import again)");
            }
        }
        return out;
    }

    /**
     * Applies the document. Call {@link #plan} first and show its difference; this plans again, so a gateway that
     * changed in between is checked as it is now.
     *
     * @return the plan that was applied
     * @throws SiteDocumentException when a check fails (nothing changed) or a step failed (everything put back, or
     *         the message says what could not be)
     */
    Plan apply(SiteConfiguration document) throws IOException, SiteDocumentException {
        Plan plan = plan(document);
        if (!plan.problems().isEmpty()) {
            throw new SiteDocumentException("nothing was changed: " + String.join("; ", plan.problems()));
        }
        SiteConfiguration before = plan.before();
        Deque<FeatureStep> done = new ArrayDeque<>();
        try {
            // removals first: a feature in another version is then replaced, not installed twice
            for (String f : before.features()) {
                if (!document.features().contains(f)) {
                    features.uninstall(f);
                    done.push(new FeatureStep(false, f));
                    failures.after("UNINSTALL", f);
                }
            }
            for (String f : document.features()) {
                if (!before.features().contains(f)) {
                    features.install(f);
                    done.push(new FeatureStep(true, f));
                    failures.after("INSTALL", f);
                }
            }
            SiteCapture.Captured now = capture.capture(features);
            if (!done.isEmpty()) {
                List<String> problems = new ArrayList<>(metatype.get().problems(document,
                        now.site().configurations().keySet()));
                problems.addAll(missingBundles(document, now.site()));
                if (!problems.isEmpty()) {
                    throw new SiteDocumentException(String.join("; ", problems));
                }
            }
            makeEqual(now, document.configurations(), null);
            return plan;
        } catch (SiteDocumentException | FeatureException | IOException | RuntimeException e) {
            String undone = rollBack(done, before);
            throw new SiteDocumentException("import failed: " + SafeText.printable(String.valueOf(e.getMessage()), 600)
                    + (undone.isEmpty() ? "; everything was put back as it was" : "; NOT everything could be put back: "
                            + undone), e);
        }
    }

    private record FeatureStep(boolean installed, String feature) { }

    /**
     * Creates, updates and deletes configurations until the live ones equal {@code target}. With {@code errors}
     * (a rollback) it goes on past a failing configuration and collects the failure; without, it stops there.
     */
    private void makeEqual(SiteCapture.Captured now, SortedMap<String, SortedMap<String, Object>> target,
            List<String> errors) throws IOException, SiteDocumentException {
        for (Map.Entry<String, SortedMap<String, Object>> e : target.entrySet()) {
            String pid = e.getKey();
            Configuration live = now.live().get(pid);
            if (live != null && SiteConfiguration.sameProperties(now.site().configurations().get(pid), e.getValue())) {
                continue;
            }
            try {
                if (live == null) {
                    create(pid).update(new Hashtable<>(e.getValue()));
                } else {
                    live.update(withBookkeeping(e.getValue(), live));
                }
                if (errors == null) {
                    failures.after("WRITE", pid);
                }
            } catch (IOException | RuntimeException ex) {
                if (errors == null) {
                    throw ex;
                }
                errors.add("configuration " + pid + ": " + ex.getMessage());
            }
        }
        for (Map.Entry<String, Configuration> e : now.live().entrySet()) {
            if (target.containsKey(e.getKey())) {
                continue;
            }
            try {
                e.getValue().delete();
                if (errors == null) {
                    failures.after("DELETE", e.getKey());
                }
            } catch (IOException | RuntimeException ex) {
                if (errors == null) {
                    throw ex;
                }
                errors.add("configuration " + e.getKey() + ": " + ex.getMessage());
            }
        }
    }

    /** The new properties plus the ones FileInstall and the installer keep on the live configuration. */
    private static Dictionary<String, Object> withBookkeeping(Map<String, Object> properties, Configuration live) {
        Hashtable<String, Object> out = new Hashtable<>(properties);
        Dictionary<String, Object> current = live.getProperties();
        if (current != null) {
            for (String key : List.of("felix.fileinstall.filename", "plantwire.feature")) {
                Object value = current.get(key);
                if (value != null) {
                    out.put(key, value);
                }
            }
        }
        return out;
    }

    private Configuration create(String pid) throws IOException {
        String factory = SiteConfiguration.factoryPid(pid);
        return factory != null ? admin.getFactoryConfiguration(factory, pid.substring(factory.length() + 1), "?")
                : admin.getConfiguration(pid, "?");
    }

    /** Undoes the feature steps newest first, then sets every configuration back; returns what failed, or "". */
    private String rollBack(Deque<FeatureStep> done, SiteConfiguration before) {
        List<String> failed = new ArrayList<>();
        for (FeatureStep step : done) {
            try {
                if (step.installed()) {
                    features.uninstall(step.feature());
                } else {
                    features.install(step.feature());
                }
            } catch (FeatureException | RuntimeException e) {
                failed.add((step.installed() ? "removing feature " : "reinstalling feature ") + step.feature() + ": "
                        + e.getMessage());
            }
        }
        try {
            makeEqual(capture.capture(features), before.configurations(), failed);
        } catch (IOException | SiteDocumentException | RuntimeException e) {
            failed.add("configurations: " + e.getMessage());
        }
        return String.join("; ", failed);
    }
}
