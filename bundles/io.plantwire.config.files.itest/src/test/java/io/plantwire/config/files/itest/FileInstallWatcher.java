package io.plantwire.config.files.itest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Hashtable;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** A FileInstall watcher of one test's folder: a factory configuration of FileInstall, deleted to stop it. */
final class FileInstallWatcher {

    private FileInstallWatcher() {
    }

    /**
     * Starts watching {@code folder}, as the gateway's FileInstall watches {@code conf/}.
     *
     * @param pollMs {@code felix.fileinstall.poll}
     * @param filter {@code felix.fileinstall.filter} (the gateway's skips hidden files)
     * @return the watcher's configuration: delete it to stop watching
     */
    static Configuration start(ConfigurationAdmin configurationAdmin, Path folder, String pollMs, String filter)
            throws IOException {
        Configuration watcher = configurationAdmin.getFactoryConfiguration("org.apache.felix.fileinstall",
                folder.getFileName().toString(), "?");
        Hashtable<String, Object> settings = new Hashtable<>();
        settings.put("felix.fileinstall.dir", folder.toString());
        settings.put("felix.fileinstall.poll", pollMs);
        settings.put("felix.fileinstall.noInitialDelay", "true");
        settings.put("felix.fileinstall.filter", filter);
        watcher.update(settings);
        return watcher;
    }
}
