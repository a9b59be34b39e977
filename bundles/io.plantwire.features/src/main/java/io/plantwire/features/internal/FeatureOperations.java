package io.plantwire.features.internal;

import static io.plantwire.features.internal.BundleRefresh.describe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;

import io.plantwire.features.ChangeReport;
import io.plantwire.features.FeatureException;
import io.plantwire.features.internal.InstallerState.InstalledFeature;
import io.plantwire.features.internal.LocalRepository.BundleJar;

/**
 * The six operations of the installer, each one {@link ChangeTransaction}: every jar is staged first (copied once,
 * hashed, admitted, read), so a missing, unreadable or refused jar fails before anything changes; then the steps
 * that can fail come before those that are hard to undo (resolve before uninstall, uninstall last); the record is
 * written last, and any failure rolls the whole operation back. The caller holds the lock and passes the record.
 */
final class FeatureOperations {

    private static final System.Logger LOG = System.getLogger(FeatureOperations.class.getName());

    /** A staged jar and the location its bundle has (the source jar's URI). */
    private record Candidate(String location, StagedJar jar) { }

    private final BundleContext context;
    private final LocalRepository repository;
    private final FeatureCatalog catalog;
    private final RevisionStore revisions;
    private final BundleRefresh refresh;
    private final ConfigurationLedger ledger;
    private final FailureInjection failures;
    private final BundleLookup lookup;

    FeatureOperations(BundleContext context, LocalRepository repository, FeatureCatalog catalog,
            RevisionStore revisions, BundleRefresh refresh, ConfigurationLedger ledger, FailureInjection failures) {
        this.context = context;
        this.repository = repository;
        this.catalog = catalog;
        this.revisions = revisions;
        this.refresh = refresh;
        this.ledger = ledger;
        this.failures = failures;
        this.lookup = new BundleLookup(context, repository);
    }

    private ChangeTransaction begin(String subject, InstallerState state) {
        return new ChangeTransaction(subject, context, refresh, ledger, revisions, state, failures);
    }

    /** Rolls back and says how that went, in the words the console and the shell show. */
    private static FeatureException failed(ChangeTransaction change, String what, Exception e, String cleanOutcome) {
        boolean untouched = change.changedNothing();
        List<String> problems = change.rollback();
        String outcome = untouched ? "nothing was changed" : problems.isEmpty() ? cleanOutcome
                : "the rollback was incomplete: " + String.join("; ", problems);
        String message = e instanceof FeatureException ? e.getMessage() : e.toString();
        return new FeatureException(what + message + " (" + outcome + ")", e instanceof FeatureException ? e.getCause() : e);
    }

    // ---------------------------------------------------------------- install

    ChangeReport installFeature(String ref, InstallerState state) throws FeatureException {
        FeatureFile feature = catalog.find(ref, state);
        String id = feature.id().toString();
        if (state.features.containsKey(id)) {
            throw new FeatureException("feature " + id + " is already installed; plantwire:update " + feature.name()
                    + " brings it in line with its file and the repository");
        }
        List<Candidate> jars = stage(feature, "installed");
        ChangeTransaction change = begin(id, state);
        InstalledFeature record = new InstalledFeature(id, feature.source());
        try {
            List<Bundle> bundles = new ArrayList<>();
            for (Candidate c : jars) {
                Bundle bundle = lookup.installed(c.jar().symbolicName(), c.jar().version());
                if (bundle == null) {
                    bundle = change.install(c.location(), c.jar());
                }
                bundles.add(bundle);
                if (!record.bundleLocations.contains(bundle.getLocation())) {
                    record.bundleLocations.add(bundle.getLocation());
                }
            }
            change.resolve(bundles);
            for (Map.Entry<String, Map<String, Object>> configuration : feature.configurations().entrySet()) {
                change.createConfiguration(configuration.getKey(), configuration.getValue(), record);
            }
            change.start(bundles);
            recordContents(change, state);
            state.features.put(id, record);
            change.commit();
        } catch (FeatureException | RuntimeException e) {
            throw failed(change, "feature " + id + " was not installed: ", e, "the gateway was left as it was");
        }
        return change.report();
    }

    ChangeReport installBundle(String ref, InstallerState state) throws FeatureException {
        Candidate c = stageSingle(ref, state);
        Bundle existing = lookup.installed(c.jar().symbolicName(), c.jar().version());
        if (existing != null) {
            throw new FeatureException(describe(existing) + " is already installed; plantwire:update "
                    + existing.getBundleId() + " replaces its content");
        }
        ChangeTransaction change = begin(c.jar().describe(), state);
        try {
            Bundle bundle = change.install(c.location(), c.jar());
            change.resolve(List.of(bundle));
            change.start(List.of(bundle));
            recordContents(change, state);
            change.commit();
        } catch (FeatureException | RuntimeException e) {
            throw failed(change, c.jar().describe() + " was not installed: ", e, "the gateway was left as it was");
        }
        return change.report();
    }

    // ---------------------------------------------------------------- update

    ChangeReport updateBundle(String ref, InstallerState state) throws FeatureException {
        String text = ref == null ? "" : ref.trim();
        Bundle bundle;
        Candidate c;
        if (ArtifactCoordinates.looksLikeCoordinates(text) || text.endsWith(".jar")) {
            c = stageSingle(ref, state);
            bundle = lookup.installed(c.jar().symbolicName(), c.jar().version());
            if (bundle == null) {
                bundle = lookup.onlyNamed(c.jar().symbolicName(), ref);
            }
        } else {
            bundle = lookup.find(ref);
            List<BundleJar> candidates;
            try {
                candidates = repository.bundlesNamed(bundle.getSymbolicName());
            } catch (IOException e) {
                throw new FeatureException(e.getMessage(), e);
            }
            if (candidates.isEmpty()) {
                throw new FeatureException("no jar with Bundle-SymbolicName " + bundle.getSymbolicName() + " in "
                        + repository.root());
            }
            Path newest = candidates.get(0).path();
            String location = newest.toUri().toString();
            c = new Candidate(location, revisions.stage(newest, newest.toString(),
                    catalog.pinFor(location, state, repository.root()), null));
        }
        if (!c.jar().symbolicName().equals(bundle.getSymbolicName())) {
            throw new FeatureException(c.jar().origin() + " is " + c.jar().describe() + ", not " + describe(bundle)
                    + " (nothing was changed)");
        }
        ChangeTransaction change = begin(describe(bundle), state);
        try {
            change.updateAll(List.of(Map.entry(bundle, c.jar())));
            recordContents(change, state);
            change.commit();
        } catch (FeatureException | RuntimeException e) {
            throw failed(change, "", e, "the previous content was restored");
        }
        return change.report();
    }

    ChangeReport updateFeature(String ref, InstallerState state) throws FeatureException {
        InstalledFeature installed = FeatureCatalog.installed(ref, state);
        FeatureFile feature = ref.trim().endsWith(".json") ? catalog.find(ref, state)
                : catalog.readQuietly(installed.source);
        if (feature == null) {
            feature = catalog.find(FeatureCatalog.shortName(installed.id), state);
        }
        String newId = feature.id().toString();
        if (!newId.equals(installed.id) && state.features.containsKey(newId)) {
            throw new FeatureException("feature " + newId + " is installed already");
        }
        List<Candidate> jars = stage(feature, "updated");
        ChangeTransaction change = begin(installed.id.equals(newId) ? newId : installed.id + " -> " + newId, state);
        InstalledFeature record = new InstalledFeature(newId, feature.source());
        try {
            List<Bundle> bundles = new ArrayList<>();
            List<Map.Entry<Bundle, StagedJar>> updates = new ArrayList<>();
            for (Candidate c : jars) {
                Bundle bundle = lookup.installed(c.jar().symbolicName(), c.jar().version());
                if (bundle == null) {
                    // Same symbolic name among the feature's own bundles: a new version of a bundle it installed.
                    bundle = ownBundleNamed(installed, c.jar().symbolicName(), state);
                    if (bundle == null) {
                        bundle = change.install(c.location(), c.jar());
                    } else {
                        updates.add(Map.entry(bundle, c.jar()));
                    }
                } else if (state.managedBundles.containsKey(bundle.getLocation())
                        && !c.jar().sha256().equals(state.managedBundles.get(bundle.getLocation()))) {
                    updates.add(Map.entry(bundle, c.jar())); // same version, new content (a SNAPSHOT rebuilt)
                }
                bundles.add(bundle);
                if (!record.bundleLocations.contains(bundle.getLocation())) {
                    record.bundleLocations.add(bundle.getLocation());
                }
            }
            // New content first (a new bundle may need it), then everything resolves together.
            change.updateAll(updates);
            change.resolve(bundles);
            List<Bundle> dropped = new ArrayList<>();
            for (String location : installed.bundleLocations) {
                Bundle b = context.getBundle(location);
                if (b != null && !record.bundleLocations.contains(location) && state.managedBundles.containsKey(location)
                        && !state.neededByAnotherFeature(location, installed.id)) {
                    dropped.add(b);
                }
            }
            // Stopped before their configurations go (see uninstallFeature), uninstalled last: the hardest to undo.
            change.stop(dropped);
            updateConfigurations(change, installed, feature, record);
            change.start(bundles);
            change.uninstall(dropped);
            for (Bundle b : dropped) {
                state.managedBundles.remove(b.getLocation());
            }
            state.features.remove(installed.id);
            state.features.put(newId, record);
            recordContents(change, state);
            change.commit();
        } catch (FeatureException | RuntimeException e) {
            throw failed(change, "feature " + installed.id + " was not updated: ", e, "the gateway was left as it was");
        }
        return change.report();
    }

    /** Creates new configurations, updates those still as the feature wrote them, keeps those a user changed. */
    private void updateConfigurations(ChangeTransaction change, InstalledFeature installed, FeatureFile feature,
            InstalledFeature record) throws FeatureException {
        for (Map.Entry<String, Map<String, Object>> configuration : feature.configurations().entrySet()) {
            String pid = configuration.getKey();
            String recordedHash = installed.configurations.get(pid);
            Configuration existing = ledger.find(pid);
            if (existing == null) {
                change.createConfiguration(pid, configuration.getValue(), record);
            } else if (recordedHash != null && recordedHash.equals(ConfigurationLedger.hash(existing.getProperties()))) {
                change.updateConfiguration(existing, configuration.getValue(), record);
            } else {
                if (recordedHash != null) {
                    // Still the feature's (removed with it), remembered with the hash the feature wrote, so later
                    // updates keep recognising the user's edit.
                    record.configurations.put(pid, recordedHash);
                }
                change.configurationsKept.add(pid + (recordedHash == null ? " (not created by the feature)"
                        : " (changed by a user)"));
            }
        }
        for (Map.Entry<String, String> old : installed.configurations.entrySet()) {
            if (!feature.configurations().containsKey(old.getKey())) {
                Configuration existing = ledger.find(old.getKey());
                if (existing != null && old.getValue().equals(ConfigurationLedger.hash(existing.getProperties()))) {
                    change.deleteConfiguration(existing, old.getKey());
                } else if (existing != null) {
                    change.configurationsKept.add(old.getKey() + " (changed by a user, no longer in the feature)");
                }
            }
        }
    }

    private Bundle ownBundleNamed(InstalledFeature feature, String symbolicName, InstallerState state) {
        for (String location : feature.bundleLocations) {
            Bundle b = context.getBundle(location);
            if (b != null && symbolicName.equals(b.getSymbolicName()) && state.managedBundles.containsKey(location)) {
                return b;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- uninstall

    ChangeReport uninstallFeature(String ref, InstallerState state) throws FeatureException {
        InstalledFeature feature = FeatureCatalog.installed(ref, state);
        ChangeTransaction change = begin(feature.id, state);
        List<Bundle> remove = new ArrayList<>();
        // Recorded but not there (a restore refused its copy): the record forgets it with the feature.
        List<String> gone = new ArrayList<>();
        for (String location : feature.bundleLocations) {
            Bundle b = context.getBundle(location);
            if (state.managedBundles.containsKey(location) && !state.neededByAnotherFeature(location, feature.id)) {
                if (b != null) {
                    remove.add(b);
                } else {
                    gone.add(location);
                }
            }
        }
        try {
            // Stop first: components then deactivate on this thread while every bundle they use is still there.
            // Deleting a configuration first would deactivate them later on Config Admin's thread, racing the
            // uninstall and refresh of the libraries they close down with (seen with the Kafka producer).
            change.stop(remove);
            for (String pid : feature.configurations.keySet()) {
                Configuration c = ledger.find(pid);
                if (c != null) {
                    change.deleteConfiguration(c, pid);
                }
            }
            change.uninstall(remove);
            for (Bundle b : remove) {
                state.managedBundles.remove(b.getLocation());
            }
            gone.forEach(state.managedBundles::remove);
            state.features.remove(feature.id);
            change.commit();
        } catch (FeatureException | RuntimeException e) {
            throw failed(change, "feature " + feature.id + " was not uninstalled: ", e, "the gateway was left as it was");
        }
        return change.report();
    }

    ChangeReport uninstallBundle(String ref, InstallerState state) throws FeatureException {
        Bundle bundle = lookup.find(ref);
        List<String> users = state.featuresUsing(bundle.getLocation());
        if (!users.isEmpty()) {
            throw new FeatureException(describe(bundle) + " belongs to installed feature(s) " + String.join(", ", users)
                    + "; uninstall the feature instead");
        }
        if (bundle.getBundleId() == 0) {
            throw new FeatureException("bundle 0 is the OSGi framework itself; stop the gateway instead");
        }
        if (bundle.equals(context.getBundle())) {
            throw new FeatureException(describe(bundle) + " is the feature installer itself; it can be updated, "
                    + "not uninstalled from here");
        }
        if (!state.managedBundles.containsKey(bundle.getLocation())) {
            // The base runtime (console, Config Admin, SCR, ...) or a jar from deploy/: removing it from here would
            // leave the gateway without a part it was started with, or FileInstall would bring the jar back.
            throw new FeatureException(describe(bundle) + " was not installed by the feature installer (it is part "
                    + "of the base runtime, or its jar is in deploy/: remove the file there); only bundles installed "
                    + "with install can be uninstalled here");
        }
        String name = describe(bundle);
        ChangeTransaction change = begin(name, state);
        try {
            change.uninstall(List.of(bundle));
            state.managedBundles.remove(bundle.getLocation());
            change.commit();
        } catch (FeatureException | RuntimeException e) {
            throw failed(change, name + " was not uninstalled: ", e, "the gateway was left as it was");
        }
        return change.report();
    }

    // ---------------------------------------------------------------- jars

    /**
     * Stages every jar of the feature, in its order, before anything changes. Logs how long it took: staging (one
     * copy and one SHA-256 per jar, in Java code) is most of a feature's install
     * (docs/decisions/runtime-start-time.md).
     */
    private List<Candidate> stage(FeatureFile feature, String operation) throws FeatureException {
        long begin = System.nanoTime();
        long bytes = 0;
        List<Candidate> jars = new ArrayList<>();
        try {
            for (ArtifactCoordinates coordinates : feature.bundles()) {
                Path path = repositoryJar(coordinates);
                jars.add(new Candidate(path.toUri().toString(),
                        revisions.stage(path, path.toString(), feature.pinnedSha256(coordinates), null)));
                bytes += sizeOf(path);
            }
        } catch (FeatureException e) {
            throw new FeatureException("feature " + feature.id() + " was not " + operation + ": " + e.getMessage()
                    + " (nothing was changed)", e.getCause());
        }
        long ms = (System.nanoTime() - begin) / 1_000_000;
        double megabytes = bytes / 1e6;
        LOG.log(System.Logger.Level.INFO, () -> String.format(java.util.Locale.ROOT,
                "Feature %s: %d jars (%.1f MB) staged in %d ms (copied, SHA-256, admitted)", feature.id(),
                jars.size(), megabytes, ms));
        return jars;
    }

    private static long sizeOf(Path jar) {
        try {
            return Files.size(jar);
        } catch (IOException e) {
            return 0; // it was just read; only the log line's total would miss it
        }
    }

    /**
     * Stages a single jar given as a path or as Maven coordinates. It has no pin of its own; a repository jar an
     * installed feature pins (a feature's bundle updated on its own) is admitted with that feature's pin.
     */
    private Candidate stageSingle(String ref, InstallerState state) throws FeatureException {
        String text = ref == null ? "" : ref.trim();
        Path path;
        if (text.endsWith(".jar") && Files.isRegularFile(Paths.get(text))) {
            path = Paths.get(text).toAbsolutePath().normalize();
        } else if (coordinatesShaped(text)) {
            try {
                // Parsed even with a path separator in a part, so the grammar names what is not allowed.
                path = repositoryJar(ArtifactCoordinates.parse(text));
            } catch (IllegalArgumentException e) {
                throw new FeatureException(e.getMessage(), e);
            }
        } else {
            throw new FeatureException("'" + ref + "' is neither a feature nor Maven coordinates "
                    + "groupId:artifactId[:type[:classifier]]:version of a jar in " + repository.root());
        }
        String location = path.toUri().toString();
        return new Candidate(location, revisions.stage(path, path.toString(),
                catalog.pinFor(location, state, repository.root()), null));
    }

    private static boolean coordinatesShaped(String text) {
        int parts = text.split(":", -1).length;
        return parts >= 3 && parts <= 5;
    }

    private Path repositoryJar(ArtifactCoordinates coordinates) throws FeatureException {
        try {
            return repository.jar(coordinates);
        } catch (IOException e) {
            throw new FeatureException(e.getMessage(), e);
        }
    }

    /** Bundles this operation installed are the installer's; updated ones keep their kind. */
    private static void recordContents(ChangeTransaction change, InstallerState state) {
        state.managedBundles.putAll(change.installedContents);
        change.updatedContents.forEach((location, sha256) -> {
            if (state.managedBundles.containsKey(location)) {
                state.managedBundles.put(location, sha256);
            } else {
                state.updatedBaseBundles.put(location, sha256);
            }
        });
    }
}
