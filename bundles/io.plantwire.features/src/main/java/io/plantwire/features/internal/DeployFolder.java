package io.plantwire.features.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import io.plantwire.api.text.SafeText;
import io.plantwire.features.FeatureException;
import io.plantwire.features.FeatureManager;
import io.plantwire.features.internal.trust.GatewayTrust;

/**
 * The deploy/ folder: bundle jars dropped in are installed, changed ones updated, removed ones uninstalled — through
 * the feature installer, so every jar passes the same copy-verify-install path and the trust policy as a jar installed
 * from the console or the shell. (FileInstall, which watched this folder before, installs whatever it finds.) A
 * refused jar is logged with its reason, counted by the trust policy and left in place; it is tried again when it
 * changes. What it acted on is recorded (file → SHA-256) so a restart does not update bundles whose file is unchanged.
 */
@Component(immediate = true, configurationPid = DeployFolder.PID)
@Designate(ocd = DeployFolderConfig.class)
public class DeployFolder {

    static final String PID = "io.plantwire.deploy";
    static final String FOLDER_PROPERTY = "plantwire.deploy.folder";

    private static final System.Logger LOG = System.getLogger(DeployFolder.class.getName());

    private final BundleContext context;
    private final FeatureManager installer;
    private final GatewayTrust trust;
    private final Path folder;
    private final long intervalMs;
    private final Path recordFile;
    private final Properties record = new Properties();
    /** What each file looked like at the last scan (size and time), to act only on files that stopped changing. */
    private final Map<Path, String> lastSeen = new HashMap<>();
    /** The look of each file when it was last acted on (installed, updated or refused). */
    private final Map<Path, String> handled = new HashMap<>();
    private final FolderPoll poll;

    @Activate
    public DeployFolder(BundleContext context, @Reference FeatureManager installer, @Reference GatewayTrust trust,
            DeployFolderConfig config) throws IOException {
        this.context = context;
        this.installer = installer;
        this.trust = trust;
        if (config.pollIntervalMs() < 100 || config.pollIntervalMs() > 600_000) {
            throw new IllegalArgumentException("pollIntervalMs: " + config.pollIntervalMs()
                    + " is out of range, expected 100-600000");
        }
        this.intervalMs = config.pollIntervalMs();
        String configured = config.folder() == null ? "" : config.folder().trim();
        String property = context.getProperty(FOLDER_PROPERTY);
        if (configured.isEmpty() && property != null) {
            configured = property.trim();
        }
        String homeText = context.getProperty("plantwire.home");
        Path home = Paths.get(homeText != null ? homeText : System.getProperty("user.dir")).toAbsolutePath();
        this.folder = configured.isEmpty() ? null : home.resolve(configured).normalize();
        Path data = homeText != null ? home.resolve("data/features") : context.getDataFile("").toPath();
        this.recordFile = data.resolve("deploy-folder.properties");
        if (Files.isRegularFile(recordFile)) {
            try (InputStream in = Files.newInputStream(recordFile)) {
                record.load(in);
            }
        }
        this.poll = new FolderPoll("plantwire-deploy-watch", folder, intervalMs, this::scan);
        if (folder != null) {
            LOG.log(System.Logger.Level.INFO, "Deploy folder " + folder + ": jars are installed through the trust "
                    + "policy");
            poll.start();
        }
    }

    @Deactivate
    void deactivate() {
        poll.stop(30_000);
    }

    /** One pass over the folder. */
    void scan() {
        Set<Path> present;
        try {
            present = FolderPoll.files(folder, "[!.]*.jar");
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot list deploy folder " + folder + ": " + e.getMessage());
            return;
        }
        for (Path file : present) {
            if (!poll.running()) {
                return;
            }
            String look = look(file);
            String before = lastSeen.put(file, look);
            if (look == null || !look.equals(before) || look.equals(handled.get(file))) {
                continue; // gone, still changing (acted on at the next scan if it stays so), or done already
            }
            handled.put(file, look);
            act(file);
        }
        lastSeen.keySet().retainAll(present);
        handled.keySet().retainAll(present);
        removeBundlesOfRemovedFiles(present);
    }

    private void act(Path file) {
        String key = file.getFileName().toString();
        String location = file.toUri().toString();
        try {
            String sha256 = LocalRepository.sha256(file);
            Bundle existing = context.getBundle(location);
            Bundle base = existing == null ? baseRuntimeBundle(file) : null;
            if (base != null) {
                updateBaseRuntimeBundle(base, file, key);
            } else if (existing == null) {
                LOG.log(System.Logger.Level.INFO, installer.installBundle(file.toString()).toString());
            } else if (!sha256.equals(record.getProperty(key))) {
                LOG.log(System.Logger.Level.INFO, installer.updateBundle(file.toString()).toString());
            }
            record.setProperty(key, sha256);
            saveRecord();
        } catch (FeatureException e) {
            // The installer's message names the jar (its path) and the reason.
            LOG.log(System.Logger.Level.ERROR, e.getMessage() + " (the file stays in " + folder
                    + "; it is tried again when it changes)");
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "deploy/" + SafeText.printable(key) + " cannot be read: "
                    + e.getMessage());
        }
    }

    /**
     * The bundle of the base runtime (started by the launcher from the gateway jar, location not a file) with the
     * jar's symbolic name, or null. Such a bundle is updated in place rather than installed a second time.
     */
    private Bundle baseRuntimeBundle(Path file) {
        String name;
        try {
            name = LocalRepository.read(file).symbolicName();
        } catch (IOException e) {
            return null; // the installer names what is wrong with the jar
        }
        for (Bundle b : context.getBundles()) {
            if (name.equals(b.getSymbolicName()) && b.getBundleId() != 0 && !b.getLocation().startsWith("file:")) {
                return b;
            }
        }
        return null;
    }

    /**
     * A new revision of a base-runtime bundle (the installer itself, the console, Config Admin): copied once, trusted
     * like any single bundle, and the bundle updated in place from the copy and refreshed. The launcher installs its
     * own copy at every start, so the jar is applied again after each restart; a bundle already running exactly the
     * jar's content is left alone. The installer cannot do this itself (it would restart in the middle of its own
     * operation), so the update of its own bundle runs on a thread of its own.
     */
    private void updateBaseRuntimeBundle(Bundle bundle, Path file, String key) throws IOException, FeatureException {
        Path staging = recordFile.resolveSibling("deploy-staging");
        Files.createDirectories(staging);
        Path copy = staging.resolve(key);
        String sha256;
        try (InputStream in = Files.newInputStream(file)) {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            try (java.security.DigestInputStream hashed = new java.security.DigestInputStream(in, digest);
                    OutputStream out = Files.newOutputStream(copy)) {
                hashed.transferTo(out);
            }
            sha256 = java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
        if (BundleContentDigest.of(copy).equals(BundleContentDigest.of(bundle))) {
            return;
        }
        trust.admit(copy, "deploy/" + key, sha256, null);
        String what = "deploy/" + SafeText.printable(key) + ": base runtime bundle " + bundle.getSymbolicName() + " "
                + bundle.getVersion() + " [" + bundle.getBundleId() + "]";
        Runnable update = () -> {
            try (InputStream in = Files.newInputStream(copy)) {
                bundle.update(in);
                context.getBundle(0).adapt(org.osgi.framework.wiring.FrameworkWiring.class)
                        .refreshBundles(java.util.List.of(bundle));
                LOG.log(System.Logger.Level.INFO, what + " updated in place (it is applied again at every start "
                        + "while the jar stays in " + folder + ")");
            } catch (IOException | org.osgi.framework.BundleException | IllegalStateException e) {
                LOG.log(System.Logger.Level.ERROR, what + " could not be updated: " + e.getMessage());
            }
        };
        if (bundle.equals(context.getBundle())) {
            poll.stop(0); // this component stops with its bundle; do not wait for the scan we are in
            Thread self = new Thread(update, "plantwire-deploy-self-update");
            self.setDaemon(true);
            self.start();
        } else {
            update.run();
        }
    }

    /** Bundles installed from this folder whose file is gone (also while the gateway was stopped) are uninstalled. */
    private void removeBundlesOfRemovedFiles(Set<Path> present) {
        String prefix = folder.toUri().toString();
        for (Bundle b : context.getBundles()) {
            String location = b.getLocation();
            if (!location.startsWith(prefix) || !location.endsWith(".jar")) {
                continue;
            }
            Path file = Paths.get(java.net.URI.create(location));
            if (present.contains(file) || Files.exists(file)) {
                continue;
            }
            try {
                LOG.log(System.Logger.Level.INFO, installer.uninstallBundle(Long.toString(b.getBundleId())).toString()
                        + " (its jar left " + folder + ")");
                record.remove(file.getFileName().toString());
                saveRecord();
            } catch (FeatureException e) {
                LOG.log(System.Logger.Level.ERROR, "deploy folder: " + e.getMessage());
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "deploy folder: cannot save " + recordFile + ": " + e.getMessage());
            }
        }
    }

    private static String look(Path file) {
        try {
            return Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return null;
        }
    }

    private void saveRecord() throws IOException {
        Files.createDirectories(recordFile.getParent());
        Path tmp = recordFile.resolveSibling("." + recordFile.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            record.store(out, "deploy/ jars the installer acted on: file name = SHA-256");
        }
        Files.move(tmp, recordFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
