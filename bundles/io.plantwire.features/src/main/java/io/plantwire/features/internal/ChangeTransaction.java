package io.plantwire.features.internal;

import static io.plantwire.features.internal.BundleRefresh.describe;
import static io.plantwire.features.internal.BundleRefresh.isFragment;
import static io.plantwire.features.internal.BundleRefresh.names;
import static io.plantwire.features.internal.BundleRefresh.reason;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.Dictionary;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.service.cm.Configuration;

import io.plantwire.features.ChangeReport;
import io.plantwire.features.FeatureException;
import io.plantwire.features.internal.InstallerState.InstalledFeature;

/**
 * One operation's changes to the framework and Config Admin, journaled step by step so that a failure anywhere puts
 * the gateway back as it was. Every step is written to the journal before or right after it happens, with the way to
 * undo it; {@link #rollback()} undoes the journal last step first, then refreshes the bundles whose old revisions are
 * still wired, resolves again what was resolved and starts again what ran (found by location, since a bundle
 * reinstalled by an undo has a new id). An undo that fails is logged and named in the result; the others still run.
 * {@link #commit()} writes the installer's record; only then are copies of removed content deleted.
 */
final class ChangeTransaction {

    private static final System.Logger LOG = System.getLogger(ChangeTransaction.class.getName());

    /** How to undo one step. */
    private interface Undo {
        void run() throws Exception;
    }

    private record Entry(String what, Undo undo) { }

    private final String subject;
    private final BundleContext context;
    private final BundleRefresh refresh;
    private final ConfigurationLedger ledger;
    private final RevisionStore revisions;
    private final InstallerState state;
    private final FailureInjection failures;
    private final Deque<Entry> journal = new ArrayDeque<>();
    /** The state of every bundle when the operation began: what a rollback restores. */
    private final BundleStates statesBefore;
    private final Set<Bundle> touched = new LinkedHashSet<>();
    /** Location to SHA-256 of the content of each bundle this operation installed; the caller records it. */
    final Map<String, String> installedContents = new LinkedHashMap<>();
    /** Location to SHA-256 of the new content of each bundle this operation updated; the caller records it. */
    final Map<String, String> updatedContents = new LinkedHashMap<>();
    private final List<String> installed = new ArrayList<>();
    private final List<String> updated = new ArrayList<>();
    private final List<String> uninstalled = new ArrayList<>();
    private final List<String> refreshed = new ArrayList<>();
    private final List<String> configurationsCreated = new ArrayList<>();
    private final List<String> configurationsUpdated = new ArrayList<>();
    final List<String> configurationsKept = new ArrayList<>();
    private final List<String> configurationsDeleted = new ArrayList<>();

    ChangeTransaction(String subject, BundleContext context, BundleRefresh refresh, ConfigurationLedger ledger,
            RevisionStore revisions, InstallerState state, FailureInjection failures) {
        this.subject = subject;
        this.context = context;
        this.refresh = refresh;
        this.ledger = ledger;
        this.revisions = revisions;
        this.state = state;
        this.failures = failures;
        this.statesBefore = new BundleStates(context, refresh);
    }

    private void journal(String what, Undo undo) {
        journal.push(new Entry(what, undo));
    }

    // ------------------------------------------------------------------ bundles

    /** Installs the staged copy at location; a bundle already there is returned as it is (not ours to undo). */
    Bundle install(String location, StagedJar jar) throws FeatureException {
        Bundle atLocation = context.getBundle(location);
        if (atLocation != null) {
            return atLocation;
        }
        Bundle bundle;
        try (InputStream in = jar.open()) {
            bundle = context.installBundle(location, in);
        } catch (BundleException e) {
            throw new FeatureException(jar.origin() + " is not a valid bundle: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new FeatureException("cannot read the copy of " + jar.origin() + ": " + e.getMessage(), e);
        }
        touched.add(bundle);
        journal("install of " + describe(bundle), () -> {
            if (bundle.getState() != Bundle.UNINSTALLED) {
                bundle.uninstall();
            }
        });
        installed.add(describe(bundle));
        installedContents.put(location, jar.sha256());
        failures.after(InstallStep.INSTALL, describe(bundle));
        return bundle;
    }

    /**
     * Gives bundles new content in place, then refreshes only those whose previous revision is still wired to other
     * bundles (with their dependency closure), and checks that every bundle of that closure that ran runs again.
     */
    void updateAll(List<Map.Entry<Bundle, StagedJar>> updates) throws FeatureException {
        if (updates.isEmpty()) {
            return;
        }
        List<Bundle> bundles = new ArrayList<>();
        updates.forEach(u -> bundles.add(u.getKey()));
        Set<Bundle> affected = refresh.closure(bundles);
        checkNotSelf(affected, "updating " + names(bundles));
        Map<Bundle, Integer> before = new LinkedHashMap<>();
        for (Bundle b : affected) {
            before.put(b, b.getState());
        }
        for (Map.Entry<Bundle, StagedJar> u : updates) {
            update(u.getKey(), u.getValue());
        }
        // Refreshing a leaf bundle that was updated would only restart it a second time.
        List<Bundle> pending = refresh.removalPending(bundles);
        if (!pending.isEmpty()) {
            Set<Bundle> refreshSet = refresh.closure(pending);
            refresh.refresh(pending);
            failures.after(InstallStep.REFRESH, names(pending));
            for (Bundle b : refreshSet) {
                if (!bundles.contains(b)) {
                    refreshed.add(describe(b));
                }
            }
        }
        List<String> problems = new ArrayList<>();
        for (Map.Entry<Bundle, Integer> b : before.entrySet()) {
            if ((b.getValue() == Bundle.ACTIVE || b.getValue() == Bundle.STARTING) && !isFragment(b.getKey())) {
                try {
                    if (b.getKey().getState() != Bundle.ACTIVE) {
                        b.getKey().start();
                    }
                } catch (BundleException | IllegalStateException e) {
                    problems.add(describe(b.getKey()) + " did not come back: " + reason(e));
                    continue;
                }
                failures.after(InstallStep.START, describe(b.getKey()));
            }
        }
        if (!problems.isEmpty()) {
            throw new FeatureException(String.join("; ", problems));
        }
    }

    private void update(Bundle bundle, StagedJar jar) throws FeatureException {
        String location = bundle.getLocation();
        Path previous = revisions.keptCopy(location, state.contentOf(location));
        touched.add(bundle);
        // Journaled first: Felix may replace the content and then fail to resolve or start it, throwing from update.
        journal("update of " + describe(bundle), () -> {
            if (previous == null) {
                throw new FeatureException("its previous content is unknown (it was not installed or updated by the "
                        + "feature installer); it stays as it is");
            }
            try (InputStream in = Files.newInputStream(previous)) {
                bundle.update(in);
            }
        });
        try (InputStream in = jar.open()) {
            bundle.update(in);
        } catch (BundleException | IllegalStateException e) {
            throw new FeatureException(describe(bundle) + " was not updated with " + jar.origin() + ": "
                    + reason(e), e);
        } catch (IOException e) {
            throw new FeatureException("cannot read the copy of " + jar.origin() + ": " + e.getMessage(), e);
        }
        updated.add(describe(bundle));
        updatedContents.put(location, jar.sha256());
        failures.after(InstallStep.UPDATE, describe(bundle));
    }

    /** Resolves the bundles together; when that fails, names the missing requirement of every unresolved one. */
    void resolve(Collection<Bundle> bundles) throws FeatureException {
        refresh.resolveOrExplain(bundles);
        failures.after(InstallStep.RESOLVE, names(bundles));
    }

    /** Starts the bundles that are not active, in the given order. */
    void start(List<Bundle> bundles) throws FeatureException {
        for (Bundle b : bundles) {
            if (isFragment(b) || b.getState() == Bundle.ACTIVE) {
                continue;
            }
            // Journaled first: a failed start leaves the persistent start flag set, which stop() clears.
            journal("start of " + describe(b), () -> {
                if (b.getState() != Bundle.UNINSTALLED) {
                    b.stop();
                }
            });
            try {
                b.start();
            } catch (BundleException | IllegalStateException e) {
                throw new FeatureException(describe(b) + " failed to start: " + reason(e), e);
            }
            failures.after(InstallStep.START, describe(b));
        }
    }

    /** Stops the bundles, last first (a feature lists libraries before the bundles using them). */
    void stop(List<Bundle> bundles) throws FeatureException {
        List<Bundle> reversed = new ArrayList<>(bundles);
        Collections.reverse(reversed);
        for (Bundle b : reversed) {
            String location = b.getLocation();
            boolean wasStarted = b.adapt(BundleStartLevel.class).isPersistentlyStarted();
            boolean policy = b.adapt(BundleStartLevel.class).isActivationPolicyUsed();
            // By location: an undo that reinstalled the bundle made a new Bundle object.
            journal("stop of " + describe(b), () -> {
                Bundle now = context.getBundle(location);
                if (wasStarted && now != null && now.getState() != Bundle.ACTIVE) {
                    now.start(policy ? Bundle.START_ACTIVATION_POLICY : 0);
                }
            });
            try {
                b.stop();
            } catch (BundleException | IllegalStateException e) {
                LOG.log(System.Logger.Level.WARNING, describe(b) + " did not stop cleanly: " + e.getMessage());
            }
            failures.after(InstallStep.STOP, describe(b));
        }
    }

    /**
     * Stops, uninstalls and refreshes the bundles; the refresh restarts what was wired to them. Their kept copies stay
     * until the operation commits, so an undo can install each again at its location with its start level.
     */
    void uninstall(List<Bundle> bundles) throws FeatureException {
        if (bundles.isEmpty()) {
            return;
        }
        Set<Bundle> affected = refresh.closure(bundles);
        checkNotSelf(affected, "uninstalling " + names(bundles));
        stop(bundles);
        List<Bundle> reversed = new ArrayList<>(bundles);
        Collections.reverse(reversed);
        for (Bundle b : reversed) {
            String name = describe(b);
            String location = b.getLocation();
            Path kept = revisions.keptCopy(location, state.contentOf(location));
            int startLevel = b.adapt(BundleStartLevel.class).getStartLevel();
            try {
                b.uninstall();
            } catch (BundleException | IllegalStateException e) {
                throw new FeatureException(name + " could not be uninstalled: " + e.getMessage(), e);
            }
            touched.add(b);
            journal("uninstall of " + name, () -> {
                if (kept == null) {
                    throw new FeatureException("no kept copy of its content in " + revisions.directory());
                }
                try (InputStream in = Files.newInputStream(kept)) {
                    context.installBundle(location, in).adapt(BundleStartLevel.class).setStartLevel(startLevel);
                }
            });
            uninstalled.add(name);
            failures.after(InstallStep.UNINSTALL, name);
        }
        refresh.refresh(bundles);
        failures.after(InstallStep.REFRESH, names(bundles));
        for (Bundle b : affected) {
            if (!bundles.contains(b)) {
                refreshed.add(describe(b));
            }
        }
    }

    private void checkNotSelf(Collection<Bundle> affected, String what) throws FeatureException {
        for (Bundle b : affected) {
            if (b.getBundleId() == 0) {
                throw new FeatureException(what + " would restart the framework; that is not a field update");
            }
            if (b.equals(context.getBundle())) {
                throw new FeatureException(what + " would restart the feature installer itself ("
                        + describe(b) + "); update it through the deploy/ folder or the Web Console");
            }
        }
    }

    // ------------------------------------------------------------------ configurations

    /** Creates the configuration unless one with that PID exists (then it is kept and reported). */
    void createConfiguration(String pid, Map<String, Object> properties, InstalledFeature record)
            throws FeatureException {
        Configuration existing = ledger.find(pid);
        if (existing != null) {
            if (record.id.equals(existing.getProperties().get(FeatureInstaller.OWNER_PROPERTY))) {
                // Left over by an earlier installation of this feature (e.g. a crash before the record was saved).
                record.configurations.put(pid, ConfigurationLedger.hash(existing.getProperties()));
            }
            configurationsKept.add(pid + " (exists already)");
            return;
        }
        Configuration c;
        try {
            c = ledger.create(pid, ConfigurationLedger.owned(properties, record.id));
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw new FeatureException("configuration " + pid + " could not be written: " + e.getMessage(), e);
        }
        journal("creation of configuration " + pid, c::delete);
        record.configurations.put(pid, ConfigurationLedger.hash(c.getProperties()));
        configurationsCreated.add(pid);
        failures.after(InstallStep.CONFIGURATION, pid);
    }

    /** Gives the configuration the feature's properties; the previous ones come back exactly on a rollback. */
    void updateConfiguration(Configuration c, Map<String, Object> properties, InstalledFeature record)
            throws FeatureException {
        String pid = c.getPid();
        Dictionary<String, Object> dictionary = ConfigurationLedger.owned(properties, record.id);
        String newHash = ConfigurationLedger.hash(dictionary);
        if (newHash.equals(ConfigurationLedger.hash(c.getProperties()))) {
            record.configurations.put(pid, newHash);
            return;
        }
        Dictionary<String, Object> previous = ConfigurationLedger.copy(c);
        try {
            c.update(dictionary);
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw new FeatureException("configuration " + pid + " could not be written: " + e.getMessage(), e);
        }
        journal("change of configuration " + pid, () -> c.update(previous));
        record.configurations.put(pid, ConfigurationLedger.hash(c.getProperties()));
        configurationsUpdated.add(pid);
        failures.after(InstallStep.CONFIGURATION, pid);
    }

    /** Deletes the configuration; a rollback creates it again with the same PID (or factory PID and name). */
    void deleteConfiguration(Configuration c, String pid) throws FeatureException {
        Dictionary<String, Object> previous = ConfigurationLedger.copy(c);
        try {
            c.delete();
        } catch (IOException | IllegalStateException e) {
            throw new FeatureException("configuration " + pid + " could not be deleted: " + e.getMessage(), e);
        }
        journal("deletion of configuration " + pid, () -> ledger.create(pid, previous));
        configurationsDeleted.add(pid);
        failures.after(InstallStep.CONFIGURATION, pid);
    }

    // ------------------------------------------------------------------ end

    /** Whether any step has been journaled: a failure before the first one changed nothing. */
    boolean changedNothing() {
        return journal.isEmpty();
    }

    /** Writes the record (the caller changed it in memory), then deletes copies the record no longer names. */
    void commit() throws FeatureException {
        failures.after(InstallStep.RECORD, "installer record");
        try {
            state.save();
        } catch (IOException e) {
            throw new FeatureException("the installer could not record the change: " + e.getMessage(), e);
        }
        journal.clear();
        revisions.collectGarbage();
    }

    /**
     * Undoes every journaled step, last first, then refreshes, resolves and starts so that every bundle is in the
     * state it had when the operation began.
     *
     * @return what could not be put back, or an empty list
     */
    List<String> rollback() {
        List<String> problems = new ArrayList<>();
        while (!journal.isEmpty()) {
            Entry entry = journal.pop();
            try {
                entry.undo().run();
            } catch (Exception e) {
                problems.add("cannot undo the " + entry.what() + ": " + e.getMessage());
            }
        }
        statesBefore.restore(touched, problems);
        installedContents.clear();
        updatedContents.clear();
        for (String problem : problems) {
            LOG.log(System.Logger.Level.ERROR, "rollback of " + subject + ": " + problem);
        }
        return problems;
    }

    ChangeReport report() {
        return new ChangeReport(subject, installed, updated, uninstalled, refreshed, configurationsCreated,
                configurationsUpdated, configurationsKept, configurationsDeleted);
    }
}
