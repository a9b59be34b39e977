package io.plantwire.features.internal;

import static io.plantwire.features.internal.BundleRefresh.describe;
import static io.plantwire.features.internal.BundleRefresh.isFragment;
import static io.plantwire.features.internal.BundleRefresh.names;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

import io.plantwire.features.FeatureException;

/**
 * Brings back, at start, every bundle the record says the installer installed but the framework does not have: after
 * a restart with a fresh bundle cache, or after someone removed it behind the installer's back. Each comes from the
 * kept copy of the content it last had (field updates included), else from its original file, and only if that
 * copy's SHA-256 is the one recorded and it is admitted again. Configurations are Config Admin's and survived on their
 * own. Failures are logged per bundle; the rest goes on.
 */
final class StartupRestore {

    private static final System.Logger LOG = System.getLogger(StartupRestore.class.getName());

    private final BundleContext context;
    private final BundleRefresh refresh;
    private final RevisionStore revisions;
    private final FeatureCatalog catalog;
    private final Path repositoryRoot;

    StartupRestore(BundleContext context, BundleRefresh refresh, RevisionStore revisions, FeatureCatalog catalog,
            Path repositoryRoot) {
        this.context = context;
        this.refresh = refresh;
        this.revisions = revisions;
        this.catalog = catalog;
        this.repositoryRoot = repositoryRoot;
    }

    void restore(InstallerState state) {
        long begin = System.nanoTime();
        List<Bundle> restored = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Map.Entry<String, String> managed : state.managedBundles.entrySet()) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            String location = managed.getKey();
            if (context.getBundle(location) != null) {
                continue;
            }
            Path kept = revisions.keptCopy(location, managed.getValue());
            Path source = kept != null ? kept : pathOf(location);
            if (source == null || !Files.isRegularFile(source)) {
                failed.add(location + " (neither a kept copy in " + revisions.directory() + " nor the file is there)");
                continue;
            }
            try {
                StagedJar jar = revisions.stage(source, location, catalog.pinFor(location, state, repositoryRoot),
                        managed.getValue());
                try (InputStream in = jar.open()) {
                    restored.add(context.installBundle(location, in));
                }
                if (!source.equals(jar.copy()) && source.getParent().equals(revisions.directory())) {
                    revisions.forgetLegacyCopy(location); // now kept under its content's name
                }
            } catch (FeatureException e) {
                failed.add(e.getMessage());
            } catch (BundleException | IOException | RuntimeException e) {
                failed.add(location + " (" + e.getMessage() + ")");
            }
        }
        if (!restored.isEmpty()) {
            refresh.wiring().resolveBundles(restored);
            for (Bundle b : restored) {
                if (!isFragment(b)) {
                    try {
                        b.start();
                    } catch (BundleException | IllegalStateException e) {
                        failed.add(describe(b) + " did not start (" + e.getMessage() + ")");
                    }
                }
            }
        }
        // The failures first: whoever sees the summary line then has every failure before it.
        if (!failed.isEmpty()) {
            LOG.log(System.Logger.Level.ERROR, "Could not restore: " + String.join("; ", failed));
        }
        if (!restored.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "Restored " + restored.size() + " bundle(s) installed at run time"
                    + " (installed features " + state.features.keySet() + ") in "
                    + (System.nanoTime() - begin) / 1_000_000 + " ms: " + names(restored));
        }
        revisions.collectGarbage();
    }

    /**
     * A bundle of ours uninstalled by someone else (the Web Console's Bundles page, the shell's uninstall): the
     * record forgets it, so a restart does not bring back what an operator removed.
     */
    void forget(String location, InstallerState state) {
        if (context.getBundle(location) != null) {
            return; // installed again meanwhile
        }
        boolean managed = state.managedBundles.remove(location) != null;
        boolean updated = state.updatedBaseBundles.remove(location) != null;
        if (!managed && !updated) {
            return; // not ours
        }
        try {
            state.save();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot record the removal of " + location + ": " + e.getMessage());
            return;
        }
        revisions.collectGarbage();
        revisions.forgetLegacyCopy(location);
        if (managed) {
            LOG.log(System.Logger.Level.INFO, location + " was uninstalled outside the feature installer; it will not"
                    + " be restored at the next start");
        }
    }

    static Path pathOf(String location) {
        try {
            return Paths.get(URI.create(location));
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            return null;
        }
    }
}
