package io.plantwire.features.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.metatype.annotations.Designate;

import io.plantwire.features.ChangeReport;
import io.plantwire.features.ConfigurationStatus;
import io.plantwire.features.FeatureChangeObserver;
import io.plantwire.features.FeatureException;
import io.plantwire.features.FeatureInfo;
import io.plantwire.features.FeatureManager;
import io.plantwire.features.internal.InstallerState.InstalledFeature;
import io.plantwire.features.internal.trust.GatewayTrust;

/**
 * The {@link FeatureManager} service: reads its configuration, wires the parts (catalog, revision store, transaction,
 * restore, status) and runs every operation under one lock, with the installer's record read fresh at its start.
 * What an operation does is in {@link FeatureOperations}; how it is undone in {@link ChangeTransaction}.
 */
@Component(service = FeatureManager.class, immediate = true, configurationPid = FeatureInstaller.PID)
@Designate(ocd = FeatureInstallerConfig.class)
public class FeatureInstaller implements FeatureManager {

    /** Configuration PID of the installer. */
    public static final String PID = "io.plantwire.features";

    /**
     * Property the installer writes into every configuration it creates: the id of the owning feature. It tells
     * users (and the Web Console) where a configuration came from.
     */
    public static final String OWNER_PROPERTY = "plantwire.feature";

    /**
     * Framework properties {@code plantwire.features.<attribute>} give gateway-wide defaults for the attributes a
     * configuration leaves at their default: a gateway can watch its autoinstall folder from the first moment,
     * without waiting for a configuration file to be picked up.
     */
    static final String PROPERTY_PREFIX = "plantwire.features.";

    /**
     * One lock for every instance: a reconfigured installer is a new instance on the same record and revision store,
     * and an operation of the previous one may still be running.
     */
    static final Object LOCK = new Object();

    private static final System.Logger LOG = System.getLogger(FeatureInstaller.class.getName());

    private final BundleContext context;
    /** The check every jar passes on every install path. */
    private final JarAdmission jarAdmission;
    /** The check every feature file's bytes pass before they are parsed. */
    private final FeatureFileAdmission featureFileAdmission;
    private final Path stateFile;
    private InstallerState state;
    private final FeatureCatalog catalog;
    private final ComponentStatus componentStatus;
    private final RevisionStore revisions;
    private final StartupRestore restore;
    private final FeatureOperations operations;
    private final FeatureFolderWatcher watcher;
    private final Thread starter;
    /** Runs forget() on its own thread: the listener must not wait for the lock an operation holds. */
    private final ExecutorService forgetter = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "plantwire-features-forget");
        t.setDaemon(true);
        return t;
    });
    /** A bundle of ours uninstalled by someone else is forgotten; our own operations (holding the lock) record theirs. */
    private final SynchronousBundleListener uninstallListener = event -> {
        if (event.getType() == BundleEvent.UNINSTALLED && !Thread.holdsLock(LOCK)) {
            String location = event.getBundle().getLocation();
            try {
                forgetter.execute(() -> forget(location));
            } catch (RejectedExecutionException deactivated) {
                // the next instance reads the record as it is
            }
        }
    };

    /** Told before every change (configuration snapshots); optional, may come and go. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    volatile List<FeatureChangeObserver> observers = List.of();

    /** With the gateway's trust policy: it admits every jar and every feature file (docs/security.md). */
    @Activate
    public FeatureInstaller(FeatureInstallerConfig config, BundleContext context,
            @Reference ConfigurationAdmin configurationAdmin, @Reference ServiceComponentRuntime componentRuntime,
            @Reference GatewayTrust trust) throws IOException {
        this(config, context, configurationAdmin, componentRuntime, trust, trust);
    }

    /** With the checks every jar and every feature file pass ({@link JarAdmission#PINS_ONLY} and
     * {@link FeatureFileAdmission#ANY} where no trust policy is wanted). */
    FeatureInstaller(FeatureInstallerConfig config, BundleContext context, ConfigurationAdmin configurationAdmin,
            ServiceComponentRuntime componentRuntime, JarAdmission jarAdmission,
            FeatureFileAdmission featureFileAdmission) throws IOException {
        this.context = context;
        this.jarAdmission = jarAdmission;
        this.featureFileAdmission = featureFileAdmission;
        Path home = Paths.get(context.getProperty("plantwire.home") != null
                ? context.getProperty("plantwire.home") : System.getProperty("user.dir")).toAbsolutePath();
        String repositoryDir = setting(context, "repository", config.repository(), "repository");
        String featuresDir = setting(context, "featuresDirectory", config.featuresDirectory(), "features");
        int watchIntervalMs = Integer.parseInt(setting(context, "watchIntervalMs",
                Integer.toString(config.watchIntervalMs()), "2000"));
        requireText("repository", repositoryDir);
        requireText("featuresDirectory", featuresDir);
        if (watchIntervalMs < 100 || watchIntervalMs > 600_000) {
            throw new IllegalArgumentException("watchIntervalMs: " + watchIntervalMs
                    + " is out of range, expected 100-600000");
        }
        if (config.refreshTimeoutSeconds() < 1 || config.refreshTimeoutSeconds() > 3600) {
            throw new IllegalArgumentException("refreshTimeoutSeconds: " + config.refreshTimeoutSeconds()
                    + " is out of range, expected 1-3600");
        }
        LocalRepository repository = new LocalRepository(home.resolve(repositoryDir.trim()).normalize());
        Map<String, String> variables = variables(config, context);
        // In a gateway (plantwire.home set) the record lives in the home, next to the configurations, because the
        // framework cache is rebuilt at every start; elsewhere (tests, embedding) in the bundle's data area.
        Path data = context.getProperty("plantwire.home") != null ? home.resolve("data/features")
                : context.getDataFile("").toPath();
        this.stateFile = data.resolve("installed-features.json");
        this.state = InstallerState.load(stateFile);
        String watch = setting(context, "watchFolder", config.watchFolder() == null ? "" : config.watchFolder(), "")
                .trim();
        Path watchFolder = watch.isEmpty() ? null : home.resolve(watch).normalize();
        FailureInjection failures = FailureInjection.of(context);
        BundleRefresh refresh = new BundleRefresh(
                context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class),
                config.refreshTimeoutSeconds());
        ConfigurationLedger ledger = new ConfigurationLedger(configurationAdmin);
        this.catalog = new FeatureCatalog(home, home.resolve(featuresDir.trim()).normalize(), watchFolder, variables,
                this.featureFileAdmission);
        this.componentStatus = new ComponentStatus(componentRuntime, ledger);
        this.revisions = new RevisionStore(data.resolve("revisions"), this.jarAdmission, failures,
                () -> state.recordedContents());
        this.restore = new StartupRestore(context, refresh, revisions, catalog, repository.root());
        this.operations = new FeatureOperations(context, repository, catalog, revisions, refresh, ledger, failures);
        this.watcher = watchFolder == null ? null : new FeatureFolderWatcher(this, watchFolder, watchIntervalMs);
        context.addBundleListener(uninstallListener);
        // Not on the activating thread: installing and starting bundles from inside a DS activation invites
        // deadlocks with SCR. The watcher starts after the restore, so it sees what ran before the restart.
        this.starter = new Thread(() -> {
            synchronized (LOCK) {
                reloadStateQuietly();
                restore.restore(state);
            }
            if (watcher != null && !Thread.currentThread().isInterrupted()) {
                watcher.start();
            }
        }, "plantwire-features-restore");
        starter.setDaemon(true);
        starter.start();
    }

    static String setting(BundleContext context, String attribute, String configured, String defaultValue) {
        String property = context.getProperty(PROPERTY_PREFIX + attribute);
        if (property != null && !property.isBlank() && configured.trim().equals(defaultValue)) {
            return property.trim();
        }
        return configured;
    }

    private static Map<String, String> variables(FeatureInstallerConfig config, BundleContext context) {
        String[] configured = config.variables() == null ? new String[0] : config.variables();
        String property = context.getProperty(PROPERTY_PREFIX + "variables");
        if (configured.length == 0 && property != null && !property.isBlank()) {
            configured = property.split(",");
        }
        Map<String, String> variables = new LinkedHashMap<>();
        for (String entry : configured) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("variables: '" + entry + "' is not name=value");
            }
            variables.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        return variables;
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": '" + value + "' is empty, expected a directory path");
        }
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(uninstallListener);
        forgetter.shutdown();
        starter.interrupt();
        try {
            starter.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (watcher != null) {
            watcher.stop();
        }
        try {
            forgetter.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void forget(String location) {
        synchronized (LOCK) {
            reloadStateQuietly();
            restore.forget(location, state);
        }
    }

    // ---------------------------------------------------------------- FeatureManager

    @Override
    public List<FeatureInfo> features() {
        synchronized (LOCK) {
            reloadStateQuietly();
            return catalog.list(state);
        }
    }

    @Override
    public List<ConfigurationStatus> status(String ref) throws FeatureException {
        synchronized (LOCK) {
            reloadState();
            InstalledFeature feature = FeatureCatalog.installed(ref, state);
            FeatureFile file = catalog.readQuietly(feature.source);
            return componentStatus.of(new ArrayList<>(file != null && file.id().toString().equals(feature.id)
                    ? file.configurations().keySet() : feature.configurations.keySet()));
        }
    }

    @Override
    public ChangeReport installFeature(String ref) throws FeatureException {
        tellObservers("install feature", ref);
        return run(current -> operations.installFeature(ref, current));
    }

    @Override
    public ChangeReport installBundle(String ref) throws FeatureException {
        tellObservers("install bundle", ref);
        return run(current -> operations.installBundle(ref, current));
    }

    @Override
    public ChangeReport updateBundle(String ref) throws FeatureException {
        tellObservers("update bundle", ref);
        return run(current -> operations.updateBundle(ref, current));
    }

    @Override
    public ChangeReport updateFeature(String ref) throws FeatureException {
        tellObservers("update feature", ref);
        return run(current -> operations.updateFeature(ref, current));
    }

    @Override
    public ChangeReport uninstallFeature(String ref) throws FeatureException {
        tellObservers("uninstall feature", ref);
        return run(current -> operations.uninstallFeature(ref, current));
    }

    @Override
    public ChangeReport uninstallBundle(String ref) throws FeatureException {
        tellObservers("uninstall bundle", ref);
        return run(current -> operations.uninstallBundle(ref, current));
    }

    /** Before the lock is taken: an observer may read the features (a snapshot) without waiting for it. */
    private void tellObservers(String operation, String ref) {
        for (FeatureChangeObserver observer : observers) {
            try {
                observer.beforeChange(operation, ref);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "observer " + observer.getClass().getName() + " failed before "
                        + operation + " " + ref + ": " + e, e);
            }
        }
    }

    private interface Operation {
        ChangeReport run(InstallerState state) throws FeatureException;
    }

    /**
     * Runs an operation under the lock on the record read fresh from disk. Afterwards, completed or failed (then the
     * record in memory may hold changes that were rolled back), the record is read again and the copies it does not
     * name are deleted: content staged but not used, refused, or of removed bundles.
     */
    private ChangeReport run(Operation operation) throws FeatureException {
        synchronized (LOCK) {
            reloadState();
            try {
                return operation.run(state);
            } finally {
                reloadStateQuietly();
                revisions.collectGarbage();
            }
        }
    }

    // ---------------------------------------------------------------- for the watched folder

    /** The id of the installed feature read from the file, or null. */
    String installedFeatureFrom(Path file) {
        synchronized (LOCK) {
            reloadStateQuietly();
            for (InstalledFeature f : state.features.values()) {
                if (f.source.equals(file.toString())) {
                    return f.id;
                }
            }
            return null;
        }
    }

    /** Installed features that came from a file in {@code folder} that is no longer there. */
    List<String> featuresWhoseFileLeft(Path folder) {
        synchronized (LOCK) {
            reloadStateQuietly();
            List<String> ids = new ArrayList<>();
            for (InstalledFeature f : state.features.values()) {
                try {
                    Path source = f.source == null ? null : Paths.get(f.source).toAbsolutePath().normalize();
                    if (source != null && folder.toAbsolutePath().normalize().equals(source.getParent())
                            && !java.nio.file.Files.exists(source)) {
                        ids.add(f.id);
                    }
                } catch (java.nio.file.InvalidPathException notAFile) {
                    // installed from something other than a file: not the folder's business
                }
            }
            return ids;
        }
    }

    boolean isInstalled(String featureId) {
        synchronized (LOCK) {
            reloadStateQuietly();
            return state.features.containsKey(featureId);
        }
    }

    // ---------------------------------------------------------------- the record

    /**
     * Re-reads the record at the start of every operation: a reconfigured installer is a new component instance,
     * and an operation of the previous instance may have finished after this one was created.
     */
    private void reloadState() throws FeatureException {
        try {
            state = InstallerState.load(stateFile);
        } catch (IOException | RuntimeException e) {
            throw new FeatureException("cannot read the installer's record " + stateFile + ": " + e.getMessage(), e);
        }
    }

    private void reloadStateQuietly() {
        try {
            reloadState();
        } catch (FeatureException e) {
            LOG.log(System.Logger.Level.WARNING, e.getMessage() + "; using the record read before");
        }
    }
}
