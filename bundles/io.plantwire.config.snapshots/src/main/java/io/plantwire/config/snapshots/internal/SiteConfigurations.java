package io.plantwire.config.snapshots.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.annotations.Designate;

import io.plantwire.api.text.SafeText;
import io.plantwire.features.FeatureChangeObserver;
import io.plantwire.features.FeatureManager;

/**
 * The gateway's site configuration: export, import (dry run first, all or nothing), snapshots before every change
 * (Config Admin and bundle events through {@link SnapshotRecorder}, feature operations through
 * {@link FeatureChangeObserver}, imports and restores explicitly), restore. One operation that changes the gateway at
 * a time. The shell commands ({@link ConfigCommands}) and the console page ({@link ConfigConsolePlugin}) call it.
 */
@Component(service = {SiteConfigurations.class, FeatureChangeObserver.class, ConfigurationListener.class},
        immediate = true, configurationPid = SiteConfigurations.PID)
@Designate(ocd = SnapshotsConfig.class)
public final class SiteConfigurations implements FeatureChangeObserver, ConfigurationListener {

    static final String PID = "io.plantwire.config.snapshots";

    private final BundleContext context;
    private final ConfigurationAdmin admin;
    private final MetaTypeService metaType;
    private final SiteScope scope;
    private final SiteCapture capture;
    private final SnapshotStore store;
    private final SnapshotRecorder recorder;
    private final long maxDocumentBytes;
    private final FailureInjection failures;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "plantwire-config-snapshots");
        t.setDaemon(true);
        return t;
    });
    /** Set on the thread that imports or restores: the installer's call-backs then take no snapshot of their own. */
    private final ThreadLocal<Boolean> changing = ThreadLocal.withInitial(() -> false);
    private final BundleListener bundles = this::bundleChanged;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile FeatureManager featureManager;

    @Activate
    public SiteConfigurations(SnapshotsConfig config, BundleContext context, @Reference ConfigurationAdmin admin,
            @Reference MetaTypeService metaType) {
        check("maxSnapshots", config.maxSnapshots(), 1, 1000);
        check("settleMs", config.settleMs(), 100, 600_000);
        check("maxDocumentBytes", config.maxDocumentBytes(), 1024, 268_435_456);
        this.context = context;
        this.admin = admin;
        this.metaType = metaType;
        this.scope = new SiteScope(config.excludedPids() == null ? new String[0] : config.excludedPids());
        this.capture = new SiteCapture(admin, context, scope);
        this.maxDocumentBytes = config.maxDocumentBytes();
        this.store = new SnapshotStore(folder(config.snapshotFolder(), context), config.maxSnapshots(),
                config.maxDocumentBytes(), Clock.systemUTC());
        this.failures = FailureInjection.of(context);
        this.recorder = new SnapshotRecorder(() -> capture.site(features()), store, config.settleMs(), thread);
        context.addBundleListener(bundles);
    }

    private static void check(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + ": " + value + " is out of range, expected " + min + "-" + max);
        }
    }

    private static Path folder(String configured, BundleContext context) {
        String home = context.getProperty("plantwire.home");
        String folder = configured == null ? "" : configured.trim();
        if (!folder.isEmpty()) {
            return (home != null ? Paths.get(home) : Paths.get("")).toAbsolutePath().resolve(folder).normalize();
        }
        return home != null ? Paths.get(home, "data", "snapshots").toAbsolutePath()
                : context.getDataFile("snapshots").toPath();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        context.removeBundleListener(bundles);
        thread.shutdownNow();
        thread.awaitTermination(10, TimeUnit.SECONDS);
    }

    private SiteFeatures features() {
        return SiteFeatures.of(featureManager);
    }

    private SiteImport importer() {
        return new SiteImport(admin, capture, scope, features(), () -> MetatypeCheck.of(metaType, context), failures);
    }

    // ------------------------------------------------------------------ export

    /**
     * Writes the site configuration as a Configurator document.
     *
     * @throws SiteDocumentException when a configuration holds a plaintext secret (named): the export would carry it
     */
    void export(Writer out) throws IOException, SiteDocumentException {
        SiteConfiguration site = capture.site(features());
        List<String> secrets = SecretCheck.plaintextSecrets(site,
                MetatypeCheck.of(metaType, context).passwordAttributes(site));
        if (!secrets.isEmpty()) {
            throw new SiteDocumentException("not exported: plaintext secret in configuration "
                    + SafeText.printable(String.join("; ", secrets), 600) + ". Put the secret into a file in "
                    + "secrets/ and write $[secret:<file name>] instead (docs/runtime.md); an export carries "
                    + "references, never secrets");
        }
        SiteDocument.write(site, java.time.Instant.now().toString(), "", out);
    }

    String export() throws IOException, SiteDocumentException {
        StringWriter out = new StringWriter();
        export(out);
        return out.toString();
    }

    // ------------------------------------------------------------------ import

    SiteDocument.Parsed read(InputStream in, String name) throws SiteDocumentException {
        return SiteDocument.read(in, name, maxDocumentBytes);
    }

    /** The document's site; without a features list, with the features installed now (they are left alone). */
    SiteConfiguration site(SiteDocument.Parsed parsed) {
        if (parsed.featuresStated()) {
            return parsed.site();
        }
        return new SiteConfiguration(parsed.site().configurations(), features().installed(), parsed.site().bundles());
    }

    /** The dry run of an import: the difference and the problems; nothing changes. */
    SiteImport.Plan plan(SiteConfiguration document) throws IOException {
        synchronized (this) {
            return importer().plan(document);
        }
    }

    /**
     * Imports the document: a snapshot first, then all or nothing.
     *
     * @param what for the snapshot's reason and messages ("import site.json", "restore 20261206-...")
     * @return the applied plan and the id of the snapshot taken before
     */
    Applied apply(SiteConfiguration document, String what) throws Exception {
        synchronized (this) {
            SiteImport importer = importer();
            SiteImport.Plan plan = importer.plan(document);
            if (!plan.problems().isEmpty()) {
                throw new SiteDocumentException("nothing was changed: " + String.join("; ", plan.problems()));
            }
            if (plan.diff().isEmpty()) {
                return new Applied(plan, null);
            }
            String snapshot = recorder.takeNow("before " + what);
            changing.set(true);
            try {
                return new Applied(importer.apply(document), snapshot != null ? snapshot : newestId());
            } finally {
                changing.set(false);
            }
        }
    }

    /** An applied import: what it changed and the snapshot that brings back the state before it. */
    record Applied(SiteImport.Plan plan, String snapshotBefore) { }

    private String newestId() throws IOException {
        List<SnapshotStore.Entry> all = store.list();
        return all.isEmpty() ? null : all.get(0).id();
    }

    // ------------------------------------------------------------------ snapshots

    List<SnapshotStore.Entry> snapshots() throws IOException {
        return store.list();
    }

    /** Whether changes are snapshotted now (after the start-up settled), for the list's last line. */
    String recorderStatus() {
        return recorder.status();
    }

    Path snapshotFolder() {
        return store.folder();
    }

    /** Takes a snapshot now; returns its id, or a sentence when it equalled the newest one. */
    String snapshotNow(String reason) throws Exception {
        String id = recorder.takeNow(reason);
        return id != null ? id : newestId();
    }

    SiteDocument.Parsed snapshot(String id) throws SiteDocumentException {
        return store.read(id);
    }

    /** What restoring the snapshot would change (the dry run of a restore). */
    SiteImport.Plan restorePlan(String id) throws SiteDocumentException, IOException {
        return plan(store.read(id).site());
    }

    Applied restore(String id) throws Exception {
        return apply(store.read(id).site(), "restore " + id);
    }

    // ------------------------------------------------------------------ change events

    @Override
    public void beforeChange(String operation, String subject) {
        if (changing.get()) {
            return; // an import or restore took its snapshot before it started
        }
        try {
            recorder.takeNow("before " + operation + " " + SafeText.printable(subject, 200));
        } catch (Exception e) {
            System.getLogger(SiteConfigurations.class.getName()).log(System.Logger.Level.WARNING,
                    "no snapshot before " + operation + " " + subject + ": " + e, e);
        }
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        String key = SiteCapture.siteKey(event.getPid(), event.getFactoryPid());
        if (scope.includes(key) && event.getType() != ConfigurationEvent.CM_LOCATION_CHANGED) {
            recorder.changed((event.getType() == ConfigurationEvent.CM_DELETED ? "deleting " : "changing ") + key);
        }
    }

    private void bundleChanged(BundleEvent event) {
        int type = event.getType();
        if (type == BundleEvent.INSTALLED || type == BundleEvent.UPDATED || type == BundleEvent.UNINSTALLED) {
            String verb = type == BundleEvent.INSTALLED ? "installing " : type == BundleEvent.UPDATED ? "updating "
                    : "uninstalling ";
            recorder.changed(verb + "bundle " + event.getBundle().getSymbolicName());
        }
    }
}
