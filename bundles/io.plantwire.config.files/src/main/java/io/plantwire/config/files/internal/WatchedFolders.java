package io.plantwire.config.files.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Optional;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Which files the write-back may touch. {@code felix.fileinstall.filename} is an ordinary property that any
 * configuration can carry, so it is not trusted: a file is written or deleted only if
 * <ul>
 * <li>it lies directly in a folder FileInstall watches (framework property {@code felix.fileinstall.dir}, or the
 * {@code felix.fileinstall.dir} of a FileInstall watcher configuration), and, after following symbolic links, still
 * inside such a folder;</li>
 * <li>its name is the one FileInstall gives the configuration: {@code <pid>.cfg|.config}, or
 * {@code <factoryPid>-<name>.cfg|.config} for factory configuration {@code <factoryPid>~<name>}.</li>
 * </ul>
 */
final class WatchedFolders {

    static final String DIR_PROPERTY = "felix.fileinstall.dir";
    static final String WATCHER_FACTORY_PID = "org.apache.felix.fileinstall";

    private WatchedFolders() {
    }

    /** The folders named by the framework property (comma-separated) and by FileInstall watcher configurations. */
    static List<Path> current(String frameworkProperty, ConfigurationAdmin configurationAdmin) {
        List<Path> folders = new ArrayList<>();
        addAll(folders, frameworkProperty);
        try {
            Configuration[] watchers = configurationAdmin.listConfigurations(
                    "(service.factoryPid=" + WATCHER_FACTORY_PID + ")");
            for (Configuration w : watchers != null ? watchers : new Configuration[0]) {
                Dictionary<String, Object> p = w.getProperties();
                Object dir = p != null ? p.get(DIR_PROPERTY) : null;
                if (dir instanceof String s) {
                    addAll(folders, s);
                }
            }
        } catch (IOException | InvalidSyntaxException | IllegalStateException e) {
            // only the framework property's folders then
        }
        return folders;
    }

    private static void addAll(List<Path> folders, String list) {
        if (list == null) {
            return;
        }
        for (String entry : list.split(",")) {
            if (!entry.isBlank()) {
                try {
                    folders.add(Path.of(entry.trim()).toAbsolutePath().normalize());
                } catch (InvalidPathException e) {
                    // FileInstall cannot watch it either
                }
            }
        }
    }

    /** Why the file must not be touched for this configuration, or empty when it may. */
    static Optional<String> refusal(Path file, String pid, String factoryPid, List<Path> folders) {
        Path named = file.toAbsolutePath().normalize();
        Path parent = named.getParent();
        Path folder = folders.stream().filter(f -> f.equals(parent) || sameFile(f, parent)).findFirst().orElse(null);
        if (folder == null) {
            return Optional.of("it is not in a folder FileInstall watches " + folders);
        }
        if (!nameMatches(named.getFileName().toString(), pid, factoryPid)) {
            return Optional.of("its name is not the one FileInstall gives configuration " + pid
                    + (factoryPid != null ? " (factory " + factoryPid + ")" : ""));
        }
        if (Files.exists(named)) {
            try {
                Path real = named.toRealPath();
                boolean inside = false;
                for (Path f : folders) {
                    if (Files.isDirectory(f) && real.startsWith(f.toRealPath())) {
                        inside = true;
                        break;
                    }
                }
                if (!inside) {
                    return Optional.of("it is a link to " + real + ", outside the folders FileInstall watches");
                }
            } catch (IOException e) {
                return Optional.of("its location cannot be resolved: " + e);
            }
        }
        return Optional.empty();
    }

    /**
     * The files in the watched folders that FileInstall would apply to this configuration ({@code <pid>.cfg|.config},
     * or {@code <factoryPid>-<name>.cfg|.config} for {@code <factoryPid>~<name>}), that exist and that
     * {@link #refusal} allows: for a configuration whose {@code felix.fileinstall.filename} could not be read (it was
     * deleted before that). More than one means FileInstall applies several files to it.
     */
    static List<Path> filesNamedFor(String pid, String factoryPid, List<Path> folders) {
        String base;
        if (factoryPid == null) {
            base = pid;
        } else if (pid.startsWith(factoryPid + "~") && pid.length() > factoryPid.length() + 1) {
            base = factoryPid + "-" + pid.substring(factoryPid.length() + 1);
        } else {
            return List.of(); // a generated factory PID: FileInstall names no file so
        }
        List<Path> found = new ArrayList<>();
        for (Path folder : folders) {
            for (String extension : List.of(".cfg", ".config")) {
                Path file;
                try {
                    file = folder.resolve(base + extension);
                } catch (InvalidPathException e) {
                    continue;
                }
                if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(file)
                        && refusal(file, pid, factoryPid, folders).isEmpty() && !found.contains(file)) {
                    found.add(file);
                }
            }
        }
        return found;
    }

    /** FileInstall's ConfigInstaller.parsePid: the name before the first '-' is the (factory) PID. */
    static boolean nameMatches(String fileName, String pid, String factoryPid) {
        int dot = fileName.lastIndexOf('.');
        if (dot <= 0) {
            return false;
        }
        String base = fileName.substring(0, dot);
        int dash = base.indexOf('-');
        if (dash > 0) {
            String factory = base.substring(0, dash);
            String name = base.substring(dash + 1);
            return factory.equals(factoryPid) && (factory + "~" + name).equals(pid);
        }
        return factoryPid == null && base.equals(pid);
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isDirectory(a) && Files.isDirectory(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
