package io.plantwire.config.files.internal;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.felix.utils.properties.InterpolationHelper;
import org.apache.felix.utils.properties.TypedProperties;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.SynchronousConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Keeps changes made through Config Admin (the Web Console, Gogo, another bundle) to a configuration that FileInstall
 * created from a {@code .cfg}/{@code .config} file in that file, in place of FileInstall's own write-back
 * ({@code felix.fileinstall.enableConfigSave}, which the gateway turns off).
 *
 * <p>FileInstall's write-back truncates and rewrites the file on every change, and its scanner reports a change
 * without waiting for the file to settle; a scan that falls into the rewrite (or into an editor's save) applies an
 * empty or partial configuration, whose write-back then empties the file for good. Here, a change is looked at only
 * after a settle delay longer than two FileInstall polls, and:
 * <ul>
 * <li>if the file was modified after (change time - settle delay), the file is newer and FileInstall applies it:
 * nothing is written (a partial read of a file being saved is never written back);</li>
 * <li>if the file, read as FileInstall reads it, equals the configuration, nothing is written (the case after
 * FileInstall's own apply);</li>
 * <li>otherwise the configuration is merged into the file (comments and order kept) and the file replaced
 * atomically. FileInstall then reads a complete file, finds it equal and does nothing.</li>
 * </ul>
 * Deleting such a configuration deletes its file, as FileInstall's write-back did, so it does not come back at the
 * next start.
 *
 * <p>Only files in a folder FileInstall watches, named as FileInstall names the configuration's file, are touched
 * ({@link WatchedFolders}): {@code felix.fileinstall.filename} alone proves nothing. No secret is written: PASSWORD
 * attributes, private ({@code .}-prefixed) keys, keys named like a secret and values with references keep what the
 * file has ({@link KeptValues}); written files are owner-only (0600).
 *
 * <p>The listener is synchronous: Config Admin calls it inside {@code update()} and {@code delete()}, on the thread
 * that made the change, so a change's time is when it was made and not when Config Admin's event thread (which lags
 * under load) got to it. The listener only records the file and schedules; all file work runs on the write-back
 * thread. A configuration can still be deleted between its update and that call (another thread saw the stored
 * values and deleted it): its {@code felix.fileinstall.filename} was then never read, and the file deleted is the
 * one FileInstall would apply to it, found by its name in the watched folders (none when there are several).
 */
@Component(
        service = SynchronousConfigurationListener.class,
        immediate = true,
        configurationPid = ConfigFileWriteBack.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ConfigFileWriteBackConfig.class)
public class ConfigFileWriteBack implements SynchronousConfigurationListener {

    static final String PID = "io.plantwire.config.files";
    static final String THREAD_NAME = "plantwire-config-writeback";
    static final long DEFAULT_SETTLE_MILLIS = 2500;
    static final long MIN_SETTLE_MILLIS = 100;
    static final long MAX_SETTLE_MILLIS = 600_000;
    /** FileInstall's default when felix.fileinstall.poll is not set. */
    static final long FILEINSTALL_DEFAULT_POLL_MILLIS = 2000;

    private static final System.Logger LOG = System.getLogger(ConfigFileWriteBack.class.getName());

    private final ConfigurationAdmin configurationAdmin;
    private final BundleContext context;
    private final SecretFolder secrets;
    /** For PASSWORD attributes; without it the name rules still keep secrets out of files. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile MetaTypeService metaType;
    /** Files refused for a configuration, so each refusal is logged once. */
    private final Set<String> refusalsLogged = ConcurrentHashMap.newKeySet();
    private final long settleMillis;
    private final Charset encoding;
    private final TypedProperties.SubstitutionCallback substitution;
    /** Null when disabled. */
    private final ScheduledThreadPoolExecutor executor;
    /** Configurations known to come from a file, for CM_DELETED (the event carries only the pid). */
    private final Map<String, Path> filesByPid = new ConcurrentHashMap<>();
    /**
     * Each file as this component last wrote it: a file still like that has not been changed by anyone else since,
     * however recent (so a second console edit soon after the first is written too).
     */
    private final Map<Path, ConfigFile.Stamp> ownWrites = new ConcurrentHashMap<>();
    /** At most one pending check per pid; a later change replaces it (guarded by itself, as is closing). */
    private final Map<String, PendingCheck> pending = new HashMap<>();
    private boolean closing;

    /** A check waiting for its settle delay; identity tells whether a later change replaced it. */
    private static final class PendingCheck {
        final long changedAtMillis;
        volatile ScheduledFuture<?> future;

        PendingCheck(long changedAtMillis) {
            this.changedAtMillis = changedAtMillis;
        }
    }

    @Activate
    public ConfigFileWriteBack(BundleContext context, ConfigFileWriteBackConfig config,
            @Reference ConfigurationAdmin configurationAdmin) {
        this.configurationAdmin = configurationAdmin;
        this.context = context;
        this.secrets = new SecretFolder(context.getProperty(SecretFolder.SECRETS_DIR_PROPERTY),
                context.getProperty(SecretFolder.ENCODING_PROPERTY));
        this.settleMillis = validSettleMillis(config.enabled(), config.settleMillis(),
                context.getProperty("felix.fileinstall.poll"));
        this.encoding = fileInstallEncoding(context.getProperty("felix.fileinstall.configEncoding"));
        // ConfigInstaller.bundleSubstitution(): ${name} from framework properties, then system properties;
        // ${env:NAME} from the environment.
        InterpolationHelper.SubstitutionCallback lookup =
                new InterpolationHelper.BundleContextSubstitutionCallback(context);
        this.substitution = (name, key, value) -> lookup.getValue(value);
        if (!config.enabled()) {
            this.executor = null;
            LOG.log(System.Logger.Level.INFO, "Config Admin changes are not written back to conf/ files ("
                    + PID + " enabled=false)");
            return;
        }
        String fileInstallSave = context.getProperty("felix.fileinstall.enableConfigSave");
        if (!"false".equalsIgnoreCase(fileInstallSave != null ? fileInstallSave.trim() : "true")) {
            LOG.log(System.Logger.Level.WARNING, "felix.fileinstall.enableConfigSave is not false: FileInstall "
                    + "rewrites configuration files in place itself, which can empty them; set it to false and "
                    + "let " + PID + " keep console edits in the files");
        }
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, THREAD_NAME);
            t.setDaemon(true);
            return t;
        });
        e.setRemoveOnCancelPolicy(true);
        e.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        e.prestartCoreThread();
        this.executor = e;
        rememberFileBackedConfigurations();
    }

    /**
     * The settle delay, checked: in range, and longer than two FileInstall polls (FileInstall applies a changed file
     * at the latest at the second scan after the change; only then may a change through Config Admin be compared
     * with the file).
     */
    static long validSettleMillis(boolean enabled, long settleMillis, String pollProperty) {
        if (settleMillis < MIN_SETTLE_MILLIS || settleMillis > MAX_SETTLE_MILLIS) {
            throw new IllegalArgumentException("Configuration " + PID + ": settleMillis: " + settleMillis
                    + " is out of range, expected " + MIN_SETTLE_MILLIS + "-" + MAX_SETTLE_MILLIS);
        }
        if (!enabled) {
            return settleMillis;
        }
        long poll = FILEINSTALL_DEFAULT_POLL_MILLIS;
        if (pollProperty != null && !pollProperty.isBlank()) {
            try {
                poll = Long.parseLong(pollProperty.trim());
            } catch (NumberFormatException e) {
                // FileInstall falls back to its default too
            }
        }
        if (settleMillis <= 2 * poll) {
            throw new IllegalArgumentException("Configuration " + PID + ": settleMillis: " + settleMillis
                    + " is too short, expected more than " + (2 * poll) + " (two FileInstall polls, "
                    + "felix.fileinstall.poll=" + (pollProperty != null ? pollProperty : "unset, default " + poll)
                    + ")");
        }
        return settleMillis;
    }

    static Charset fileInstallEncoding(String property) {
        if (property == null || property.isBlank()) {
            return StandardCharsets.ISO_8859_1; // ConfigInstaller.encoding()'s default
        }
        try {
            return Charset.forName(property.trim());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new IllegalArgumentException("felix.fileinstall.configEncoding: " + property
                    + " is not a charset this JVM supports", e);
        }
    }

    private void rememberFileBackedConfigurations() {
        try {
            Configuration[] configurations = configurationAdmin.listConfigurations("(" + ConfigFile.FILENAME + "=*)");
            if (configurations != null) {
                for (Configuration c : configurations) {
                    Dictionary<String, Object> properties = propertiesOf(c);
                    if (properties != null) {
                        ownedFile(c, properties).ifPresent(file -> filesByPid.put(c.getPid(), file));
                    }
                }
            }
        } catch (IOException | InvalidSyntaxException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot list configurations: " + e.getMessage()
                    + "; deleting one that came from a file before it changes leaves its file in place");
        }
    }

    @Deactivate
    void deactivate() {
        if (executor == null) {
            return;
        }
        // Changes still waiting for their settle delay are looked at now rather than dropped: the rules hold early
        // too (a newer file still wins), and a console edit right before a stop is not lost at the next start.
        synchronized (pending) {
            closing = true;
            for (Map.Entry<String, PendingCheck> w : pending.entrySet()) {
                w.getValue().future.cancel(false);
                String pid = w.getKey();
                long changedAtMillis = w.getValue().changedAtMillis;
                executor.execute(() -> check(pid, changedAtMillis));
            }
            pending.clear();
            executor.shutdown();
        }
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, THREAD_NAME + " did not finish within 10 s; interrupting it");
                executor.shutdownNow();
                executor.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (executor == null) {
            return;
        }
        long now = System.currentTimeMillis();
        String pid = event.getPid();
        if (event.getType() == ConfigurationEvent.CM_UPDATED) {
            Optional<Path> file = fileOf(pid);
            if (file.isEmpty()) {
                filesByPid.remove(pid);
                return;
            }
            filesByPid.put(pid, file.get());
            scheduleCheck(pid, now);
        } else if (event.getType() == ConfigurationEvent.CM_DELETED) {
            cancelCheck(pid);
            Path file = filesByPid.remove(pid);
            String factoryPid = event.getFactoryPid();
            runIfActive(() -> deleteFile(pid, file != null ? file : namedFile(pid, factoryPid), now));
        }
    }

    private void scheduleCheck(String pid, long changedAtMillis) {
        synchronized (pending) {
            if (executor.isShutdown()) {
                return;
            }
            if (closing) {
                executor.execute(() -> check(pid, changedAtMillis));
                return;
            }
            cancelCheck(pid);
            PendingCheck check = new PendingCheck(changedAtMillis);
            check.future = executor.schedule(() -> runPending(pid, check), settleMillis, TimeUnit.MILLISECONDS);
            pending.put(pid, check);
        }
    }

    private void runPending(String pid, PendingCheck check) {
        synchronized (pending) {
            if (pending.get(pid) != check) {
                return; // replaced by a later change, or taken over by deactivate
            }
            pending.remove(pid);
        }
        check(pid, check.changedAtMillis);
    }

    private void cancelCheck(String pid) {
        synchronized (pending) {
            PendingCheck previous = pending.remove(pid);
            if (previous != null) {
                previous.future.cancel(false);
            }
        }
    }

    private void runIfActive(Runnable task) {
        synchronized (pending) {
            if (!executor.isShutdown()) {
                executor.execute(task);
            }
        }
    }

    /** The settle delay has passed: write the configuration into its file if it differs and the file is not newer. */
    private void check(String pid, long changedAtMillis) {
        Configuration configuration = find(pid);
        Dictionary<String, Object> properties = propertiesOf(configuration);
        if (properties == null) {
            return; // deleted meanwhile
        }
        Optional<Path> named = ownedFile(configuration, properties);
        if (named.isEmpty()) {
            return;
        }
        Path path = named.get();
        if (!Files.isRegularFile(path)) {
            return; // removed: FileInstall deletes the configuration when it notices
        }
        if (!Files.isWritable(path)) {
            LOG.log(System.Logger.Level.DEBUG, () -> "not writing configuration " + pid + " back to " + path
                    + ": the file is not writable (FileInstall marks the configuration read-only)");
            return;
        }
        ConfigFile file = new ConfigFile(path, encoding, substitution);
        try {
            KeptValues keptValues = new KeptValues(PasswordAttributes.of(metaType, context, pid,
                    configuration.getFactoryPid()), name -> secrets.read(name).orElse(null), System::getenv);
            ConfigFile.Outcome outcome = file.writeBack(ConfigFile.toMap(properties), changedAtMillis - settleMillis,
                    ownWrites.get(path), keptValues::forFile);
            switch (outcome) {
                case WRITTEN -> {
                    ownWrites.put(path, file.written());
                    LOG.log(System.Logger.Level.INFO, "wrote configuration " + pid + " to " + path
                            + " (changed through Config Admin, e.g. the Web Console)");
                    logKept(pid, path, file);
                }
                case ONLY_KEPT_VALUES_DIFFER -> logKept(pid, path, file);
                case XML_FILE -> LOG.log(System.Logger.Level.WARNING, "configuration " + pid + " changed, but "
                        + path + " is an XML properties file, which is not written back; the file applies again "
                        + "at the next start or when it changes");
                case COLLECTION_VALUE -> LOG.log(System.Logger.Level.WARNING, "configuration " + pid
                        + " changed, but it or " + path + " has a collection value, which FileInstall 3.7.4 cannot "
                        + "read back from a file; not written back (use arrays)");
                case FILE_NEWER, FILE_CHANGED_MEANWHILE -> LOG.log(System.Logger.Level.DEBUG, () -> path
                        + " changed after configuration " + pid + " did: the file wins, FileInstall applies it");
                case EQUAL -> {
                    // FileInstall's own apply, or a change back to what the file says
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "could not write configuration " + pid + " back to " + path + ": "
                    + reason(e) + "; the file is unchanged");
        }
    }

    /**
     * The file of a deleted configuration whose {@code felix.fileinstall.filename} was never read: it was deleted
     * right after it was created or changed, before this listener could read it. The file FileInstall would apply to
     * it, if there is exactly one; null if none, or if several (then nothing is deleted, and a warning says so).
     */
    private Path namedFile(String pid, String factoryPid) {
        List<Path> files = WatchedFolders.filesNamedFor(pid, factoryPid,
                WatchedFolders.current(context.getProperty(WatchedFolders.DIR_PROPERTY), configurationAdmin));
        if (files.size() > 1) {
            LOG.log(System.Logger.Level.WARNING, "configuration " + pid + " was deleted; FileInstall applies each of "
                    + files + " to it, so none of them is deleted: remove the ones that are not wanted, or it comes "
                    + "back at the next start");
            return null;
        }
        return files.isEmpty() ? null : files.get(0);
    }

    /** A configuration that came from a file was deleted (not by FileInstall for a removed file): delete the file. */
    private void deleteFile(String pid, Path file, long deletedAtMillis) {
        if (file == null) {
            return;
        }
        try {
            ConfigFile.Stamp ownWrite = ownWrites.remove(file);
            ConfigFile.Stamp now = ConfigFile.Stamp.of(Files.readAttributes(file, BasicFileAttributes.class));
            if (ConfigFile.changedAfter(now, deletedAtMillis - settleMillis, ownWrite)) {
                // Replaced right after a removal (an editor saving by delete + create): FileInstall applies the new
                // file; deleting it would lose it.
                LOG.log(System.Logger.Level.INFO, "configuration " + pid + " was deleted, but " + file
                        + " changed since; kept, FileInstall applies it");
                return;
            }
            Files.delete(file);
            LOG.log(System.Logger.Level.INFO, "deleted " + file + ": configuration " + pid + " was deleted");
        } catch (NoSuchFileException e) {
            // FileInstall deleted the configuration because the file was removed: nothing to do.
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "configuration " + pid + " was deleted, but " + file
                    + " could not be: " + reason(e) + "; it applies again at the next start");
        }
    }

    private static void logKept(String pid, Path path, ConfigFile file) {
        if (!file.kept().isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "configuration " + pid + " changed " + file.kept() + " through "
                    + "Config Admin; not written to " + path + ": passwords, private (.-prefixed) attributes and "
                    + "values with $[secret:...]/$[env:...] references are never written into conf/ files, the "
                    + "file keeps what it has. The change lasts until the file is applied again; put the secret "
                    + "into the secrets folder and refer to it, e.g. $[secret:name]");
        }
    }

    private Optional<Path> fileOf(String pid) {
        Configuration c = find(pid);
        Dictionary<String, Object> properties = propertiesOf(c);
        return properties != null ? ownedFile(c, properties) : Optional.empty();
    }

    /** The configuration's properties; null if it has none or was deleted since it was found. */
    private static Dictionary<String, Object> propertiesOf(Configuration c) {
        try {
            return c != null ? c.getProperties() : null;
        } catch (IllegalStateException e) {
            return null; // deleted meanwhile (Config Admin's "Configuration ... deleted")
        }
    }

    /** The configuration's file, if its filename property names one the write-back may touch. */
    private Optional<Path> ownedFile(Configuration c, Dictionary<String, Object> properties) {
        Optional<Path> named = ConfigFile.fromFilenameProperty(properties.get(ConfigFile.FILENAME));
        if (named.isEmpty()) {
            return named;
        }
        Optional<String> refusal = WatchedFolders.refusal(named.get(), c.getPid(), c.getFactoryPid(),
                WatchedFolders.current(context.getProperty(WatchedFolders.DIR_PROPERTY), configurationAdmin));
        if (refusal.isPresent()) {
            if (refusalsLogged.add(c.getPid() + "\n" + named.get())) {
                LOG.log(System.Logger.Level.WARNING, "configuration " + c.getPid() + " names " + named.get()
                        + " as its file (" + ConfigFile.FILENAME + "), but " + refusal.get()
                        + "; its changes are not written there and deleting it does not delete that file");
            }
            return Optional.empty();
        }
        return named;
    }

    private Configuration find(String pid) {
        try {
            // listConfigurations, not getConfiguration: looking must neither create nor bind a configuration.
            Configuration[] found = configurationAdmin.listConfigurations("(service.pid=" + escape(pid) + ")");
            return found != null && found.length > 0 ? found[0] : null;
        } catch (IOException | InvalidSyntaxException | IllegalStateException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read configuration " + pid + ": " + e.getMessage());
            return null;
        }
    }

    static String escape(String filterValue) {
        StringBuilder b = new StringBuilder(filterValue.length());
        for (char c : filterValue.toCharArray()) {
            if (c == '\\' || c == '(' || c == ')' || c == '*') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    private static String reason(Throwable e) {
        if (e instanceof NoSuchFileException) {
            return "no such file " + e.getMessage();
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied on " + e.getMessage();
        }
        String message = ConfigFile.rootMessage(e);
        return e.getMessage() != null && !e.getMessage().equals(message) ? e.getMessage() + " (" + message + ")"
                : message;
    }
}
