package io.plantwire.features.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Array;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;
import org.osgi.service.metatype.annotations.Designate;

import io.plantwire.features.ChangeReport;
import io.plantwire.features.ConfigurationStatus;
import io.plantwire.features.FeatureException;
import io.plantwire.features.FeatureInfo;
import io.plantwire.features.FeatureManager;
import io.plantwire.features.internal.InstallerState.InstalledFeature;
import io.plantwire.features.internal.LocalRepository.BundleJar;

/**
 * Installs, updates and removes features and bundles from the local repository on the running framework. Every
 * operation runs under one lock and either completes or is rolled back: bundles it installed are uninstalled,
 * configurations it created are deleted, bundles it updated get their previous content back (kept in the bundle's
 * data area), and the framework is refreshed for exactly the bundles touched.
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

    private static final System.Logger LOG = System.getLogger(FeatureInstaller.class.getName());

    /** Properties Config Admin, FileInstall or the installer add; a user changing them is not a user edit. */
    private static final Set<String> BOOKKEEPING = Set.of(Constants.SERVICE_PID, ConfigurationAdmin.SERVICE_FACTORYPID,
            ConfigurationAdmin.SERVICE_BUNDLELOCATION, OWNER_PROPERTY, "felix.fileinstall.filename");

    private final BundleContext context;
    private final ConfigurationAdmin configurationAdmin;
    private final ServiceComponentRuntime componentRuntime;
    private final FrameworkWiring frameworkWiring;
    private final LocalRepository repository;
    private final Path home;
    private final Path featuresDirectory;
    private final Path revisions;
    private final int refreshTimeoutSeconds;
    private final Map<String, String> variables = new LinkedHashMap<>();
    private final Path stateFile;
    private InstallerState state;
    private final FeatureFolderWatcher watcher;
    private final Thread starter;
    /** Runs forget() on its own thread: the listener must not wait for the lock an operation holds. */
    private final ExecutorService forgetter = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "plantwire-features-forget");
        t.setDaemon(true);
        return t;
    });
    /** Synchronous, so the forget is queued before uninstall() returns and a deactivation that follows runs it. */
    private final SynchronousBundleListener uninstallListener = event -> {
        if (event.getType() == BundleEvent.UNINSTALLED) {
            String location = event.getBundle().getLocation();
            try {
                forgetter.execute(() -> forget(location));
            } catch (RejectedExecutionException deactivated) {
                // the next instance reads the record as it is
            }
        }
    };

    /**
     * Framework properties {@code plantwire.features.<attribute>} give gateway-wide defaults for the attributes a
     * configuration leaves at their default: a gateway can watch its autoinstall folder from the first moment,
     * without waiting for a configuration file to be picked up.
     */
    static final String PROPERTY_PREFIX = "plantwire.features.";

    static String setting(BundleContext context, String attribute, String configured, String defaultValue) {
        String property = context.getProperty(PROPERTY_PREFIX + attribute);
        if (property != null && !property.isBlank() && configured.trim().equals(defaultValue)) {
            return property.trim();
        }
        return configured;
    }

    @Activate
    public FeatureInstaller(FeatureInstallerConfig config, BundleContext context,
            @Reference ConfigurationAdmin configurationAdmin, @Reference ServiceComponentRuntime componentRuntime)
            throws IOException {
        this.context = context;
        this.configurationAdmin = configurationAdmin;
        this.componentRuntime = componentRuntime;
        this.frameworkWiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        this.home = Paths.get(context.getProperty("plantwire.home") != null
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
        this.repository = new LocalRepository(home.resolve(repositoryDir.trim()).normalize());
        this.featuresDirectory = home.resolve(featuresDir.trim()).normalize();
        this.refreshTimeoutSeconds = config.refreshTimeoutSeconds();
        String[] configuredVariables = config.variables() == null ? new String[0] : config.variables();
        String variablesProperty = context.getProperty(PROPERTY_PREFIX + "variables");
        if (configuredVariables.length == 0 && variablesProperty != null && !variablesProperty.isBlank()) {
            configuredVariables = variablesProperty.split(",");
        }
        for (String entry : configuredVariables) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("variables: '" + entry + "' is not name=value");
            }
            variables.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        // In a gateway (plantwire.home set) the record lives in the home, next to the configurations, because the
        // framework cache is rebuilt at every start; elsewhere (tests, embedding) in the bundle's data area.
        Path data = context.getProperty("plantwire.home") != null ? home.resolve("data/features")
                : context.getDataFile("").toPath();
        this.revisions = data.resolve("revisions");
        this.stateFile = data.resolve("installed-features.json");
        this.state = InstallerState.load(stateFile);
        String watch = setting(context, "watchFolder", config.watchFolder() == null ? "" : config.watchFolder(), "")
                .trim();
        this.watcher = watch.isEmpty() ? null
                : new FeatureFolderWatcher(this, home.resolve(watch).normalize(), watchIntervalMs);
        context.addBundleListener(uninstallListener);
        // Not on the activating thread: installing and starting bundles from inside a DS activation invites
        // deadlocks with SCR. The watcher starts after the restore, so it sees what ran before the restart.
        this.starter = new Thread(() -> {
            restore();
            if (watcher != null && !Thread.currentThread().isInterrupted()) {
                watcher.start();
            }
        }, "plantwire-features-restore");
        starter.setDaemon(true);
        starter.start();
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

    // ---------------------------------------------------------------- restore

    /**
     * Installs again every bundle the record says this installer installed but the framework does not have: after
     * a restart with a fresh bundle cache, or after someone removed it behind the installer's back. Each comes from
     * the copy kept of the content it last had (field updates included), else from its original file. Their
     * configurations are Config Admin's and survived on their own. Failures are logged per bundle; the rest goes on.
     */
    synchronized void restore() {
        reloadStateQuietly();
        List<Bundle> restored = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (String location : state.managedBundles.keySet()) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            if (context.getBundle(location) != null) {
                continue;
            }
            Path copy = revisionCopy(location);
            Path source = Files.isRegularFile(copy) ? copy : pathOf(location);
            if (source == null || !Files.isRegularFile(source)) {
                failed.add(location + " (neither the kept copy " + copy + " nor the file is there)");
                continue;
            }
            try (InputStream in = Files.newInputStream(source)) {
                restored.add(context.installBundle(location, in));
            } catch (BundleException | IOException | RuntimeException e) {
                failed.add(location + " (" + e.getMessage() + ")");
            }
        }
        if (!restored.isEmpty()) {
            frameworkWiring.resolveBundles(restored);
            for (Bundle b : restored) {
                if (!isFragment(b)) {
                    try {
                        b.start();
                    } catch (BundleException | IllegalStateException e) {
                        failed.add(describe(b) + " did not start (" + e.getMessage() + ")");
                    }
                }
            }
            LOG.log(System.Logger.Level.INFO, "Restored " + restored.size() + " bundle(s) installed at run time"
                    + " (installed features " + state.features.keySet() + "): " + names(restored));
        }
        if (!failed.isEmpty()) {
            LOG.log(System.Logger.Level.ERROR, "Could not restore: " + String.join("; ", failed));
        }
    }

    /**
     * A bundle of ours uninstalled by someone else (the Web Console's Bundles page, the shell's uninstall): the
     * record forgets it, so a restart does not bring back what an operator removed. Our own uninstalls take it off the
     * record themselves; this runs on its own thread and waits for the operation's lock, so it sees their record.
     */
    synchronized void forget(String location) {
        reloadStateQuietly();
        if (context.getBundle(location) != null || state.managedBundles.remove(location) == null) {
            return; // installed again meanwhile, or not ours
        }
        revisionCopy(location).toFile().delete();
        try {
            state.save();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot record the removal of " + location + ": " + e.getMessage());
        }
        LOG.log(System.Logger.Level.INFO, location + " was uninstalled outside the feature installer; it will not be"
                + " restored at the next start");
    }

    private static Path pathOf(String location) {
        try {
            return Paths.get(URI.create(location));
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return null;
        }
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": '" + value + "' is empty, expected a directory path");
        }
    }

    // ---------------------------------------------------------------- listing

    @Override
    public synchronized List<FeatureInfo> features() {
        reloadStateQuietly();
        Map<String, FeatureInfo> byId = new TreeMap<>();
        for (FeatureFile f : availableFeatures()) {
            byId.putIfAbsent(f.id().toString(), info(f, state.features.containsKey(f.id().toString())));
        }
        for (InstalledFeature installed : state.features.values()) {
            if (!byId.containsKey(installed.id)) {
                FeatureFile f = readQuietly(installed.source);
                byId.put(installed.id, f != null && f.id().toString().equals(installed.id) ? info(f, true)
                        : new FeatureInfo(installed.id, shortName(installed.id), "", true, List.of(),
                                List.copyOf(installed.configurations.keySet()), ""));
            }
        }
        List<FeatureInfo> list = new ArrayList<>(byId.values());
        list.sort(Comparator.comparing(FeatureInfo::name).thenComparing(FeatureInfo::id));
        return list;
    }

    private static FeatureInfo info(FeatureFile f, boolean installed) {
        return new FeatureInfo(f.id().toString(), f.name(), f.description(), installed,
                f.bundles().stream().map(ArtifactCoordinates::toString).toList(),
                List.copyOf(f.configurations().keySet()), f.source());
    }

    private static String shortName(String id) {
        try {
            String artifact = ArtifactCoordinates.parse(id).artifactId();
            return artifact.startsWith(FeatureFile.SHORT_NAME_PREFIX)
                    ? artifact.substring(FeatureFile.SHORT_NAME_PREFIX.length()) : artifact;
        } catch (IllegalArgumentException e) {
            return id;
        }
    }

    /** The parsable feature files of the features directory and the watched folder; broken ones are logged. */
    private List<FeatureFile> availableFeatures() {
        List<FeatureFile> found = new ArrayList<>();
        List<Path> directories = new ArrayList<>();
        directories.add(featuresDirectory);
        if (watcher != null) {
            directories.add(watcher.folder());
        }
        for (Path directory : directories) {
            if (!Files.isDirectory(directory)) {
                continue;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.json")) {
                for (Path file : files) {
                    try {
                        found.add(read(file));
                    } catch (FeatureException e) {
                        LOG.log(System.Logger.Level.WARNING, e.getMessage());
                    }
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot list " + directory + ": " + e.getMessage());
            }
        }
        return found;
    }

    private FeatureFile read(Path file) throws FeatureException {
        try {
            return FeatureFile.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString(), variables);
        } catch (IOException e) {
            throw new FeatureException("cannot read feature file " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new FeatureException(e.getMessage(), e);
        }
    }

    private FeatureFile readQuietly(String source) {
        if (source == null || source.isEmpty() || !Files.isRegularFile(Paths.get(source))) {
            return null;
        }
        try {
            return read(Paths.get(source));
        } catch (FeatureException e) {
            return null;
        }
    }

    /** Finds a feature by file path, short name or id. */
    FeatureFile findFeature(String ref) throws FeatureException {
        if (ref == null || ref.isBlank()) {
            throw new FeatureException("no feature given: name it (e.g. modbus), give its id or the path of its JSON file");
        }
        Path asPath = Paths.get(ref.trim());
        if (ref.trim().endsWith(".json")) {
            Path file = home.resolve(asPath).normalize();
            if (Files.isRegularFile(file)) {
                return read(file);
            }
            if (Files.isRegularFile(featuresDirectory.resolve(ref.trim()))) {
                return read(featuresDirectory.resolve(ref.trim()));
            }
            throw new FeatureException("feature file " + ref + " does not exist");
        }
        List<FeatureFile> matches = new ArrayList<>();
        for (FeatureFile f : availableFeatures()) {
            if (f.matches(ref)) {
                matches.add(f);
            }
        }
        for (InstalledFeature installed : state.features.values()) {
            FeatureFile f = readQuietly(installed.source);
            if (f != null && f.matches(ref) && matches.stream().noneMatch(m -> m.id().equals(f.id()))) {
                matches.add(f);
            }
        }
        if (matches.isEmpty()) {
            throw new FeatureException("no feature '" + ref + "' in " + featuresDirectory
                    + (watcher != null ? " or " + watcher.folder() : "") + "; plantwire:features lists the known ones");
        }
        // Several versions of one feature: the highest wins, as a field update brings a new version next to the old.
        matches.sort(Comparator.comparing((FeatureFile f) -> safeVersion(f.id().version())).reversed());
        return matches.get(0);
    }

    private static Version safeVersion(String mavenVersion) {
        try {
            return Version.parseVersion(mavenVersion.replace('-', '.'));
        } catch (IllegalArgumentException e) {
            return Version.emptyVersion;
        }
    }

    private InstalledFeature installedFeature(String ref) throws FeatureException {
        for (InstalledFeature f : state.features.values()) {
            if (f.id.equals(ref.trim()) || shortName(f.id).equals(ref.trim())
                    || f.id.startsWith(ref.trim() + ":") || f.source.equals(ref.trim())) {
                return f;
            }
        }
        throw new FeatureException("feature '" + ref + "' is not installed; installed: "
                + (state.features.isEmpty() ? "none" : String.join(", ", state.features.keySet())));
    }

    /** The id of the installed feature read from the file, or null; used by the watched folder. */
    synchronized String installedFeatureFrom(Path file) {
        reloadStateQuietly();
        for (InstalledFeature f : state.features.values()) {
            if (f.source.equals(file.toString())) {
                return f.id;
            }
        }
        return null;
    }

    /** Installed features that came from a file in {@code folder} that is no longer there. */
    synchronized List<String> featuresWhoseFileLeft(Path folder) {
        reloadStateQuietly();
        List<String> ids = new ArrayList<>();
        for (InstalledFeature f : state.features.values()) {
            try {
                Path source = f.source == null ? null : Paths.get(f.source).toAbsolutePath().normalize();
                if (source != null && folder.toAbsolutePath().normalize().equals(source.getParent())
                        && !Files.exists(source)) {
                    ids.add(f.id);
                }
            } catch (java.nio.file.InvalidPathException notAFile) {
                // installed from something other than a file: not the folder's business
            }
        }
        return ids;
    }

    synchronized boolean isInstalled(String featureId) {
        reloadStateQuietly();
        return state.features.containsKey(featureId);
    }

    // ---------------------------------------------------------------- status

    @Override
    public synchronized List<ConfigurationStatus> status(String ref) throws FeatureException {
        reloadState();
        InstalledFeature feature = installedFeature(ref);
        FeatureFile file = readQuietly(feature.source);
        List<String> pids = new ArrayList<>(file != null && file.id().toString().equals(feature.id)
                ? file.configurations().keySet() : feature.configurations.keySet());
        Map<String, List<ConfigurationStatus>> byPid = new HashMap<>();
        for (ComponentDescriptionDTO description : componentRuntime.getComponentDescriptionDTOs()) {
            for (ComponentConfigurationDTO configuration : componentRuntime.getComponentConfigurationDTOs(description)) {
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
            } else if (findConfiguration(pid) == null) {
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

    // ---------------------------------------------------------------- install

    @Override
    public synchronized ChangeReport installFeature(String ref) throws FeatureException {
        reloadState();
        FeatureFile feature = findFeature(ref);
        String id = feature.id().toString();
        if (state.features.containsKey(id)) {
            throw new FeatureException("feature " + id + " is already installed; plantwire:update " + feature.name()
                    + " brings it in line with its file and the repository");
        }
        List<BundleJar> jars = jars(feature, "installed");
        Change change = new Change(id);
        InstalledFeature record = new InstalledFeature(id, feature.source());
        try {
            List<Bundle> bundles = new ArrayList<>();
            for (BundleJar jar : jars) {
                Bundle bundle = installedBundle(jar);
                if (bundle == null) {
                    bundle = change.install(jar);
                }
                bundles.add(bundle);
                if (!record.bundleLocations.contains(bundle.getLocation())) {
                    record.bundleLocations.add(bundle.getLocation());
                }
            }
            resolveOrExplain(bundles);
            for (Map.Entry<String, Map<String, Object>> configuration : feature.configurations().entrySet()) {
                change.createConfiguration(configuration.getKey(), configuration.getValue(), record);
            }
            start(bundles);
        } catch (FeatureException e) {
            change.rollback();
            throw new FeatureException("feature " + id + " was not installed: " + e.getMessage()
                    + " (the gateway was left as it was)", e.getCause());
        }
        state.managedBundles.putAll(change.contentHashes);
        state.features.put(id, record);
        save();
        return change.report();
    }

    @Override
    public synchronized ChangeReport installBundle(String ref) throws FeatureException {
        reloadState();
        BundleJar jar = jarFor(ref);
        Bundle existing = installedBundle(jar);
        if (existing != null) {
            throw new FeatureException(describe(existing) + " is already installed; plantwire:update "
                    + existing.getBundleId() + " replaces its content");
        }
        Change change = new Change(jar.describe());
        try {
            Bundle bundle = change.install(jar);
            resolveOrExplain(List.of(bundle));
            start(List.of(bundle));
        } catch (FeatureException e) {
            change.rollback();
            throw new FeatureException(jar.describe() + " was not installed: " + e.getMessage()
                    + " (the gateway was left as it was)", e.getCause());
        }
        state.managedBundles.putAll(change.contentHashes);
        save();
        return change.report();
    }

    private BundleJar jarFor(String ref) throws FeatureException {
        String text = ref == null ? "" : ref.trim();
        try {
            if (text.endsWith(".jar") && Files.isRegularFile(Paths.get(text))) {
                return LocalRepository.read(Paths.get(text));
            }
            if (!ArtifactCoordinates.looksLikeCoordinates(text)) {
                throw new FeatureException("'" + ref + "' is neither a feature nor Maven coordinates "
                        + "groupId:artifactId[:type[:classifier]]:version of a jar in " + repository.root());
            }
            return repository.bundle(ArtifactCoordinates.parse(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new FeatureException(e.getMessage(), e);
        }
    }

    private List<BundleJar> jars(FeatureFile feature, String operation) throws FeatureException {
        List<BundleJar> jars = new ArrayList<>();
        for (ArtifactCoordinates coordinates : feature.bundles()) {
            try {
                jars.add(repository.bundle(coordinates));
            } catch (IOException e) {
                throw new FeatureException("feature " + feature.id() + " was not " + operation + ": " + e.getMessage()
                        + " (nothing was changed)", e);
            }
        }
        return jars;
    }

    /** The installed bundle with the jar's symbolic name and version, or null. */
    private Bundle installedBundle(BundleJar jar) {
        for (Bundle b : context.getBundles()) {
            if (jar.symbolicName().equals(b.getSymbolicName()) && jar.version().equals(b.getVersion())) {
                return b;
            }
        }
        return null;
    }

    /** Resolves the bundles together; when that fails, names the missing requirement of every unresolved one. */
    private void resolveOrExplain(Collection<Bundle> bundles) throws FeatureException {
        if (frameworkWiring.resolveBundles(bundles)) {
            return;
        }
        List<String> problems = new ArrayList<>();
        for (Bundle b : bundles) {
            if (b.getState() != Bundle.INSTALLED) {
                continue;
            }
            if (isFragment(b)) {
                problems.add("fragment " + describe(b) + " cannot be attached (its host "
                        + b.getHeaders("").get(Constants.FRAGMENT_HOST) + " or one of its requirements is missing)");
                continue;
            }
            try {
                // The resolver's own explanation comes with the exception of a start attempt; the framework
                // names the missing requirement there (Felix: "missing requirement [...] osgi.wiring.package; ...").
                b.start(Bundle.START_TRANSIENT);
            } catch (BundleException e) {
                problems.add(describe(b) + " cannot be resolved: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new FeatureException(String.join("; ", problems));
        }
    }

    private void start(List<Bundle> bundles) throws FeatureException {
        for (Bundle b : bundles) {
            if (isFragment(b) || b.getState() == Bundle.ACTIVE) {
                continue;
            }
            try {
                b.start();
            } catch (BundleException | IllegalStateException e) {
                throw new FeatureException(describe(b) + " failed to start: " + e.getMessage(), e);
            }
        }
    }

    private static boolean isFragment(Bundle b) {
        BundleRevision revision = b.adapt(BundleRevision.class);
        return revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }

    static String describe(Bundle b) {
        return b.getSymbolicName() + " " + b.getVersion() + " [" + b.getBundleId() + "]";
    }

    // ---------------------------------------------------------------- update

    @Override
    public synchronized ChangeReport updateBundle(String ref) throws FeatureException {
        reloadState();
        Bundle bundle;
        BundleJar jar;
        try {
            String text = ref == null ? "" : ref.trim();
            if (ArtifactCoordinates.looksLikeCoordinates(text) || text.endsWith(".jar")) {
                jar = jarFor(ref);
                bundle = installedBundle(jar);
                if (bundle == null) {
                    List<Bundle> sameName = bundlesNamed(jar.symbolicName());
                    if (sameName.size() != 1) {
                        throw new FeatureException(sameName.isEmpty()
                                ? "no installed bundle " + jar.symbolicName() + " to update; plantwire:install " + ref + " installs it"
                                : "several versions of " + jar.symbolicName() + " are installed; name the bundle id");
                    }
                    bundle = sameName.get(0);
                }
            } else {
                bundle = findBundle(ref);
                List<BundleJar> candidates = repository.bundlesNamed(bundle.getSymbolicName());
                if (candidates.isEmpty()) {
                    throw new FeatureException("no jar with Bundle-SymbolicName " + bundle.getSymbolicName() + " in "
                            + repository.root());
                }
                jar = candidates.get(0);
            }
        } catch (IOException e) {
            throw new FeatureException(e.getMessage(), e);
        }
        Change change = new Change(describe(bundle));
        change.updateAll(List.of(Map.entry(bundle, jar)));
        save();
        return change.report();
    }

    @Override
    public synchronized ChangeReport updateFeature(String ref) throws FeatureException {
        reloadState();
        InstalledFeature installed = installedFeature(ref);
        FeatureFile feature = ref.trim().endsWith(".json") ? findFeature(ref) : readQuietly(installed.source);
        if (feature == null) {
            feature = findFeature(shortName(installed.id));
        }
        String newId = feature.id().toString();
        if (!newId.equals(installed.id) && state.features.containsKey(newId)) {
            throw new FeatureException("feature " + newId + " is installed already");
        }
        List<BundleJar> jars = jars(feature, "updated");
        Change change = new Change(installed.id.equals(newId) ? newId : installed.id + " -> " + newId);
        InstalledFeature record = new InstalledFeature(newId, feature.source());
        List<Map.Entry<Bundle, BundleJar>> updates = new ArrayList<>();
        try {
            List<Bundle> bundles = new ArrayList<>();
            for (BundleJar jar : jars) {
                Bundle bundle = installedBundle(jar);
                if (bundle == null) {
                    // Same symbolic name among the feature's own bundles: a new version of a bundle it installed.
                    bundle = ownBundleNamed(installed, jar.symbolicName());
                    if (bundle == null) {
                        bundle = change.install(jar);
                    } else {
                        updates.add(Map.entry(bundle, jar));
                    }
                } else if (state.managedBundles.containsKey(bundle.getLocation())
                        && !LocalRepository.sha256(jar.path()).equals(state.managedBundles.get(bundle.getLocation()))) {
                    updates.add(Map.entry(bundle, jar)); // same version, new content (a SNAPSHOT rebuilt)
                }
                bundles.add(bundle);
                if (!record.bundleLocations.contains(bundle.getLocation())) {
                    record.bundleLocations.add(bundle.getLocation());
                }
            }
            resolveOrExplain(bundles);
            change.updateAll(updates);
            List<Bundle> dropped = new ArrayList<>();
            for (String location : installed.bundleLocations) {
                Bundle b = context.getBundle(location);
                if (b != null && !record.bundleLocations.contains(location) && state.managedBundles.containsKey(location)
                        && !state.neededByAnotherFeature(location, installed.id)) {
                    dropped.add(b);
                }
            }
            change.uninstall(dropped);
            for (Map.Entry<String, Map<String, Object>> configuration : feature.configurations().entrySet()) {
                String pid = configuration.getKey();
                String recordedHash = installed.configurations.get(pid);
                Configuration existing = findConfiguration(pid);
                if (existing == null) {
                    change.createConfiguration(pid, configuration.getValue(), record);
                } else if (recordedHash != null && recordedHash.equals(hash(existing.getProperties()))) {
                    change.updateConfiguration(existing, configuration.getValue(), record);
                } else {
                    if (recordedHash != null) {
                        // Still the feature's (removed with it), but remembered with the hash the feature wrote, so
                        // later updates keep recognising the user's edit.
                        record.configurations.put(pid, recordedHash);
                    }
                    change.configurationsKept.add(pid + (recordedHash == null ? " (not created by the feature)" : " (changed by a user)"));
                }
            }
            for (Map.Entry<String, String> old : installed.configurations.entrySet()) {
                if (!feature.configurations().containsKey(old.getKey())) {
                    Configuration existing = findConfiguration(old.getKey());
                    if (existing != null && old.getValue().equals(hash(existing.getProperties()))) {
                        change.deleteConfiguration(existing, old.getKey());
                    } else if (existing != null) {
                        change.configurationsKept.add(old.getKey() + " (changed by a user, no longer in the feature)");
                    }
                }
            }
            start(bundles);
        } catch (IOException e) {
            change.rollback();
            throw new FeatureException("feature " + installed.id + " was not updated: " + e.getMessage(), e);
        } catch (FeatureException e) {
            change.rollback();
            throw new FeatureException("feature " + installed.id + " was not updated: " + e.getMessage(), e.getCause());
        }
        state.features.remove(installed.id);
        state.features.put(newId, record);
        state.managedBundles.putAll(change.contentHashes);
        save();
        return change.report();
    }

    private Bundle ownBundleNamed(InstalledFeature feature, String symbolicName) {
        for (String location : feature.bundleLocations) {
            Bundle b = context.getBundle(location);
            if (b != null && symbolicName.equals(b.getSymbolicName()) && state.managedBundles.containsKey(location)) {
                return b;
            }
        }
        return null;
    }

    private List<Bundle> bundlesNamed(String symbolicName) {
        List<Bundle> found = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                found.add(b);
            }
        }
        return found;
    }

    /** A bundle by id, symbolic name or Maven coordinates. */
    private Bundle findBundle(String ref) throws FeatureException {
        String text = ref == null ? "" : ref.trim();
        if (text.matches("\\d+")) {
            Bundle b = context.getBundle(Long.parseLong(text));
            if (b == null) {
                throw new FeatureException("no bundle with id " + text);
            }
            return b;
        }
        if (ArtifactCoordinates.looksLikeCoordinates(text)) {
            Bundle b = installedBundle(jarFor(text));
            if (b == null) {
                throw new FeatureException("the bundle of " + text + " is not installed");
            }
            return b;
        }
        List<Bundle> found = bundlesNamed(text);
        if (found.isEmpty()) {
            throw new FeatureException("no installed bundle or feature '" + text + "'");
        }
        if (found.size() > 1) {
            throw new FeatureException("several versions of " + text + " are installed; name the bundle id");
        }
        return found.get(0);
    }

    // ---------------------------------------------------------------- uninstall

    @Override
    public synchronized ChangeReport uninstallFeature(String ref) throws FeatureException {
        reloadState();
        InstalledFeature feature = installedFeature(ref);
        Change change = new Change(feature.id);
        List<Bundle> remove = new ArrayList<>();
        for (String location : feature.bundleLocations) {
            Bundle b = context.getBundle(location);
            if (b != null && state.managedBundles.containsKey(location)
                    && !state.neededByAnotherFeature(location, feature.id)) {
                remove.add(b);
            }
        }
        // Stop first: components then deactivate on this thread while every bundle they use is still there.
        // Deleting a configuration first would deactivate them later on Config Admin's thread, racing the uninstall
        // and refresh of the libraries they close down with (seen with the Kafka producer).
        change.stop(remove);
        for (String pid : feature.configurations.keySet()) {
            Configuration c = findConfiguration(pid);
            if (c != null) {
                change.deleteConfiguration(c, pid);
            }
        }
        change.uninstall(remove);
        state.features.remove(feature.id);
        save();
        return change.report();
    }

    @Override
    public synchronized ChangeReport uninstallBundle(String ref) throws FeatureException {
        reloadState();
        Bundle bundle = findBundle(ref);
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
        Change change = new Change(describe(bundle));
        change.uninstall(List.of(bundle));
        save();
        return change.report();
    }

    // ---------------------------------------------------------------- configurations

    private Configuration findConfiguration(String pid) throws FeatureException {
        try {
            Configuration[] found = configurationAdmin.listConfigurations(
                    "(" + Constants.SERVICE_PID + "=" + escapeFilter(pid) + ")");
            return found == null || found.length == 0 ? null : found[0];
        } catch (IOException | InvalidSyntaxException e) {
            throw new FeatureException("cannot look up configuration " + pid + ": " + e.getMessage(), e);
        }
    }

    private static String escapeFilter(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '(' || c == ')' || c == '*') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /**
     * A hash of the properties a user can edit. The installer records it when it writes a configuration; a different
     * hash later means somebody changed it, and the installer must not overwrite or delete it on a feature update.
     */
    static String hash(Dictionary<String, Object> properties) {
        if (properties == null) {
            return "";
        }
        Map<String, String> sorted = new TreeMap<>();
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (!BOOKKEEPING.contains(key) && !key.startsWith(":")) {
                sorted.put(key, render(properties.get(key)));
            }
        }
        StringBuilder text = new StringBuilder();
        sorted.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            return java.util.HexFormat.of().formatHex(digest.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static String render(Object value) {
        if (value == null) {
            return "null";
        }
        if (value.getClass().isArray()) {
            StringBuilder out = new StringBuilder(value.getClass().getComponentType().getSimpleName()).append("[");
            for (int i = 0; i < Array.getLength(value); i++) {
                out.append(i > 0 ? "," : "").append(render(Array.get(value, i)));
            }
            return out.append(']').toString();
        }
        if (value instanceof Collection<?> c) {
            StringBuilder out = new StringBuilder("Collection[");
            int i = 0;
            for (Object item : c) {
                out.append(i++ > 0 ? "," : "").append(render(item));
            }
            return out.append(']').toString();
        }
        return value.getClass().getSimpleName() + ":" + value;
    }

    // ---------------------------------------------------------------- framework helpers

    /** Refreshes the bundles and waits for the framework to finish, so the caller reports a settled state. */
    private void refresh(Collection<Bundle> bundles) throws FeatureException {
        if (bundles.isEmpty()) {
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> error = new AtomicReference<>();
        frameworkWiring.refreshBundles(bundles, event -> {
            if (event.getType() == FrameworkEvent.ERROR && event.getThrowable() != null) {
                error.compareAndSet(null, event.getThrowable());
            }
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        try {
            if (!done.await(refreshTimeoutSeconds, TimeUnit.SECONDS)) {
                throw new FeatureException("the framework did not finish refreshing " + names(bundles) + " within "
                        + refreshTimeoutSeconds + " s (refreshTimeoutSeconds)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FeatureException("interrupted while waiting for the refresh of " + names(bundles), e);
        }
        if (error.get() != null) {
            LOG.log(System.Logger.Level.WARNING, "refresh of " + names(bundles) + " reported: " + error.get());
        }
    }

    /** The bundles a refresh of these would stop and restart, including themselves. */
    private Set<Bundle> closure(Collection<Bundle> bundles) {
        return new LinkedHashSet<>(frameworkWiring.getDependencyClosure(bundles));
    }

    private static String names(Collection<Bundle> bundles) {
        List<String> names = new ArrayList<>();
        for (Bundle b : bundles) {
            names.add(describe(b));
        }
        return String.join(", ", names);
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

    private Path revisionCopy(Bundle bundle) {
        return revisionCopy(bundle.getLocation());
    }

    /** Named after the location, not the bundle id: ids change when the bundles are installed again after a restart. */
    private Path revisionCopy(String location) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(location.getBytes(StandardCharsets.UTF_8));
            return revisions.resolve(HexFormat.of().formatHex(digest, 0, 12) + ".jar");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

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

    private void save() throws FeatureException {
        try {
            state.save();
        } catch (IOException e) {
            throw new FeatureException("the change was made but the installer could not record it: " + e.getMessage(), e);
        }
    }

    /**
     * One operation's changes, so they can be reported and undone. Undo order is the reverse of doing: configurations
     * first (their components stop cleanly while their bundles are still there), then bundle content, then bundles.
     */
    private final class Change {
        private final String subject;
        final Map<String, String> contentHashes = new LinkedHashMap<>();
        private final List<Bundle> installedBundles = new ArrayList<>();
        private final List<Map.Entry<Bundle, Path>> updatedBundles = new ArrayList<>();
        private final List<Configuration> createdConfigurations = new ArrayList<>();
        private final List<Map.Entry<Configuration, Dictionary<String, Object>>> changedConfigurations = new ArrayList<>();
        final List<String> installed = new ArrayList<>();
        final List<String> updated = new ArrayList<>();
        final List<String> uninstalled = new ArrayList<>();
        final List<String> refreshed = new ArrayList<>();
        final List<String> configurationsCreated = new ArrayList<>();
        final List<String> configurationsUpdated = new ArrayList<>();
        final List<String> configurationsKept = new ArrayList<>();
        final List<String> configurationsDeleted = new ArrayList<>();

        Change(String subject) {
            this.subject = subject;
        }

        Bundle install(BundleJar jar) throws FeatureException {
            String location = jar.path().toUri().toString();
            Bundle atLocation = context.getBundle(location);
            if (atLocation != null) {
                // installBundle would hand back this bundle anyway; it was there before, so it is not ours to undo.
                return atLocation;
            }
            Bundle bundle;
            try (InputStream in = Files.newInputStream(jar.path())) {
                bundle = context.installBundle(location, in);
            } catch (BundleException e) {
                throw new FeatureException(jar.path() + " is not a valid bundle: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new FeatureException("cannot read " + jar.path() + ": " + e.getMessage(), e);
            }
            installedBundles.add(bundle);
            installed.add(describe(bundle));
            try {
                contentHashes.put(location, LocalRepository.sha256(jar.path()));
                keepRevision(bundle, jar.path());
            } catch (IOException e) {
                throw new FeatureException("cannot keep a copy of " + jar.path() + ": " + e.getMessage(), e);
            }
            return bundle;
        }

        /**
         * Updates bundles in place, then refreshes only those whose previous revision is still wired to other
         * bundles, together with those bundles (the dependency closure). If a new revision does not come back to
         * its previous state, every bundle gets its previous content back.
         */
        void updateAll(List<Map.Entry<Bundle, BundleJar>> updates) throws FeatureException {
            if (updates.isEmpty()) {
                return;
            }
            List<Bundle> bundles = new ArrayList<>();
            updates.forEach(u -> bundles.add(u.getKey()));
            Set<Bundle> affected = closure(bundles);
            checkNotSelf(affected, "updating " + names(bundles));
            Map<Bundle, Integer> before = new LinkedHashMap<>();
            for (Bundle b : affected) {
                before.put(b, b.getState());
            }
            for (Map.Entry<Bundle, BundleJar> u : updates) {
                Bundle bundle = u.getKey();
                Path previous = Files.isRegularFile(revisionCopy(bundle)) ? copyAside(bundle) : null;
                try (InputStream in = Files.newInputStream(u.getValue().path())) {
                    bundle.update(in);
                } catch (BundleException e) {
                    // The framework may have replaced the content and then failed to resolve or start it (Felix
                    // throws from update then): restore this bundle too. If it had not been replaced, restoring the
                    // same content costs one more restart and nothing else.
                    updatedBundles.add(Map.entry(bundle, previous == null ? Path.of("") : previous));
                    restoreAndRestart(before);
                    throw new FeatureException(describe(bundle) + " was not updated with " + u.getValue().path() + ": "
                            + e.getMessage() + (previous != null ? " (the previous content was restored)"
                                    : " (the previous content of a bundle not installed by plantwire:install is unknown)"), e);
                } catch (IOException e) {
                    restoreAll();
                    throw new FeatureException("cannot read " + u.getValue().path() + ": " + e.getMessage(), e);
                }
                updatedBundles.add(Map.entry(bundle, previous == null ? Path.of("") : previous));
                updated.add(describe(bundle));
                try {
                    String hash = LocalRepository.sha256(u.getValue().path());
                    if (state.managedBundles.containsKey(bundle.getLocation())) {
                        contentHashes.put(bundle.getLocation(), hash);
                    }
                    keepRevision(bundle, u.getValue().path());
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot keep a copy of " + u.getValue().path() + ": " + e);
                }
            }
            // Only a bundle whose old revision is still wired to others needs a refresh; refreshing a leaf bundle
            // that was updated would just restart it a second time.
            List<Bundle> pending = new ArrayList<>(bundles);
            pending.retainAll(frameworkWiring.getRemovalPendingBundles());
            if (!pending.isEmpty()) {
                Set<Bundle> refreshSet = closure(pending);
                refresh(pending);
                for (Bundle b : refreshSet) {
                    if (!bundles.contains(b)) {
                        refreshed.add(describe(b));
                    }
                }
            }
            List<String> problems = new ArrayList<>();
            for (Map.Entry<Bundle, Integer> b : before.entrySet()) {
                if ((b.getValue() == Bundle.ACTIVE || b.getValue() == Bundle.STARTING) && b.getKey().getState() != Bundle.ACTIVE
                        && !isFragment(b.getKey())) {
                    try {
                        b.getKey().start();
                    } catch (BundleException | IllegalStateException e) {
                        problems.add(describe(b.getKey()) + " did not come back: " + e.getMessage());
                    }
                }
            }
            if (!problems.isEmpty()) {
                boolean restorable = updatedBundles.stream().allMatch(u -> !u.getValue().toString().isEmpty());
                restoreAndRestart(before);
                throw new FeatureException(String.join("; ", problems) + (restorable
                        ? " (the previous content was restored)"
                        : " (the previous content of a bundle not installed by plantwire:install is unknown; it stays as it is)"));
            }
        }

        /**
         * Restores the previous content of the updated bundles, then starts what was running before: a bundle whose
         * new revision failed is INSTALLED, and update() only restarts a bundle that was active.
         */
        private void restoreAndRestart(Map<Bundle, Integer> before) {
            restoreAll();
            for (Map.Entry<Bundle, Integer> b : before.entrySet()) {
                if ((b.getValue() == Bundle.ACTIVE || b.getValue() == Bundle.STARTING) && !isFragment(b.getKey())
                        && b.getKey().getState() != Bundle.UNINSTALLED && b.getKey().getState() != Bundle.ACTIVE) {
                    try {
                        b.getKey().start();
                    } catch (BundleException | IllegalStateException e) {
                        LOG.log(System.Logger.Level.ERROR, "cannot restart " + describe(b.getKey()) + ": " + e);
                    }
                }
            }
        }

        private Path copyAside(Bundle bundle) throws FeatureException {
            try {
                Path aside = revisions.resolve(revisionCopy(bundle).getFileName().toString().replace(".jar", ".previous.jar"));
                Files.copy(revisionCopy(bundle), aside, StandardCopyOption.REPLACE_EXISTING);
                return aside;
            } catch (IOException e) {
                throw new FeatureException("cannot keep the previous content of " + describe(bundle) + ": " + e, e);
            }
        }

        private void keepRevision(Bundle bundle, Path jar) throws IOException {
            Files.createDirectories(revisions);
            Files.copy(jar, revisionCopy(bundle), StandardCopyOption.REPLACE_EXISTING);
        }

        private void restoreAll() {
            List<Bundle> restored = new ArrayList<>();
            for (Map.Entry<Bundle, Path> u : updatedBundles) {
                if (u.getValue().toString().isEmpty()) {
                    continue;
                }
                try (InputStream in = Files.newInputStream(u.getValue())) {
                    u.getKey().update(in);
                    Files.copy(u.getValue(), revisionCopy(u.getKey()), StandardCopyOption.REPLACE_EXISTING);
                    restored.add(u.getKey());
                } catch (BundleException | IOException e) {
                    LOG.log(System.Logger.Level.ERROR, "cannot restore " + describe(u.getKey()) + ": " + e);
                }
            }
            updatedBundles.clear();
            contentHashes.clear();
            List<Bundle> pending = new ArrayList<>(restored);
            pending.retainAll(frameworkWiring.getRemovalPendingBundles());
            try {
                refresh(pending);
            } catch (FeatureException e) {
                LOG.log(System.Logger.Level.ERROR, e.getMessage());
            }
        }

        void createConfiguration(String pid, Map<String, Object> properties, InstalledFeature record)
                throws FeatureException {
            Configuration existing = findConfiguration(pid);
            if (existing != null) {
                Object owner = existing.getProperties().get(OWNER_PROPERTY);
                if (record.id.equals(owner)) {
                    // Left over by an earlier installation of this feature (e.g. a crash before the state was saved).
                    record.configurations.put(pid, hash(existing.getProperties()));
                }
                configurationsKept.add(pid + " (exists already)");
                return;
            }
            try {
                int tilde = pid.indexOf('~');
                Configuration c = tilde > 0
                        ? configurationAdmin.getFactoryConfiguration(pid.substring(0, tilde), pid.substring(tilde + 1), "?")
                        : configurationAdmin.getConfiguration(pid, "?");
                Dictionary<String, Object> dictionary = new Hashtable<>(properties);
                dictionary.put(OWNER_PROPERTY, record.id);
                c.update(dictionary);
                createdConfigurations.add(c);
                record.configurations.put(pid, hash(c.getProperties()));
                configurationsCreated.add(pid);
            } catch (IOException | IllegalArgumentException e) {
                throw new FeatureException("configuration " + pid + " could not be written: " + e.getMessage(), e);
            }
        }

        void updateConfiguration(Configuration c, Map<String, Object> properties, InstalledFeature record)
                throws FeatureException {
            String pid = c.getPid();
            Dictionary<String, Object> dictionary = new Hashtable<>(properties);
            dictionary.put(OWNER_PROPERTY, record.id);
            String newHash = hash(dictionary);
            if (newHash.equals(hash(c.getProperties()))) {
                record.configurations.put(pid, newHash);
                return;
            }
            try {
                Dictionary<String, Object> previous = c.getProperties();
                c.update(dictionary);
                changedConfigurations.add(Map.entry(c, previous));
                record.configurations.put(pid, hash(c.getProperties()));
                configurationsUpdated.add(pid);
            } catch (IOException e) {
                throw new FeatureException("configuration " + pid + " could not be written: " + e.getMessage(), e);
            }
        }

        void deleteConfiguration(Configuration c, String pid) throws FeatureException {
            try {
                c.delete();
                configurationsDeleted.add(pid);
            } catch (IOException | IllegalStateException e) {
                throw new FeatureException("configuration " + pid + " could not be deleted: " + e.getMessage(), e);
            }
        }

        /** Stops the bundles, last first (a feature lists libraries before the bundles using them). */
        void stop(List<Bundle> bundles) throws FeatureException {
            checkNotSelf(closure(bundles), "uninstalling " + names(bundles));
            List<Bundle> reversed = new ArrayList<>(bundles);
            Collections.reverse(reversed);
            for (Bundle b : reversed) {
                try {
                    b.stop();
                } catch (BundleException | IllegalStateException e) {
                    LOG.log(System.Logger.Level.WARNING, describe(b) + " did not stop cleanly: " + e.getMessage());
                }
            }
        }

        /** Stops, uninstalls and refreshes the bundles; the refresh restarts what was wired to them. */
        void uninstall(List<Bundle> bundles) throws FeatureException {
            if (bundles.isEmpty()) {
                return;
            }
            Set<Bundle> affected = closure(bundles);
            stop(bundles);
            List<Bundle> reversed = new ArrayList<>(bundles);
            Collections.reverse(reversed);
            for (Bundle b : reversed) {
                String name = describe(b);
                try {
                    b.uninstall();
                    uninstalled.add(name);
                    state.managedBundles.remove(b.getLocation());
                    Files.deleteIfExists(revisionCopy(b));
                } catch (BundleException | IllegalStateException e) {
                    throw new FeatureException(name + " could not be uninstalled: " + e.getMessage(), e);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot delete the kept copy of " + name + ": " + e);
                }
            }
            refresh(bundles);
            Set<Bundle> uninstalledSet = new HashSet<>(bundles);
            for (Bundle b : affected) {
                if (!uninstalledSet.contains(b)) {
                    refreshed.add(describe(b));
                }
            }
        }

        /** Puts everything back: configurations, bundle content, installed bundles. */
        void rollback() {
            // Bundles this operation installed stop before their configurations go (see uninstallFeature).
            List<Bundle> stopFirst = new ArrayList<>(installedBundles);
            Collections.reverse(stopFirst);
            for (Bundle b : stopFirst) {
                try {
                    b.stop();
                } catch (BundleException | IllegalStateException e) {
                    // it may never have started
                }
            }
            for (Configuration c : createdConfigurations) {
                try {
                    c.delete();
                } catch (IOException | IllegalStateException e) {
                    LOG.log(System.Logger.Level.ERROR, "rollback: cannot delete configuration " + c.getPid() + ": " + e);
                }
            }
            for (Map.Entry<Configuration, Dictionary<String, Object>> c : changedConfigurations) {
                try {
                    c.getKey().update(c.getValue());
                } catch (IOException | IllegalStateException e) {
                    LOG.log(System.Logger.Level.ERROR, "rollback: cannot restore configuration " + c.getKey().getPid() + ": " + e);
                }
            }
            restoreAll();
            List<Bundle> reversed = new ArrayList<>(installedBundles);
            Collections.reverse(reversed);
            for (Bundle b : reversed) {
                try {
                    b.stop();
                } catch (BundleException | IllegalStateException e) {
                    // it may never have started
                }
                try {
                    b.uninstall();
                    Files.deleteIfExists(revisionCopy(b));
                } catch (BundleException | IllegalStateException | IOException e) {
                    LOG.log(System.Logger.Level.ERROR, "rollback: cannot uninstall " + describe(b) + ": " + e);
                }
            }
            try {
                refresh(installedBundles);
            } catch (FeatureException e) {
                LOG.log(System.Logger.Level.ERROR, "rollback: " + e.getMessage());
            }
            contentHashes.clear();
        }

        ChangeReport report() {
            return new ChangeReport(subject, installed, updated, uninstalled, refreshed, configurationsCreated,
                    configurationsUpdated, configurationsKept, configurationsDeleted);
        }
    }
}
