package io.plantwire.config.files.internal;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.plantwire.api.text.SafeText;

/**
 * Warns about a configuration file whose name spells a factory configuration the way Config Admin writes its PID,
 * {@code <factoryPid>~<name>.cfg}. FileInstall 3.7 splits a file name only at its first {@code -}: it makes such a
 * file a <em>plain</em> configuration with the PID {@code <factoryPid>~<name>}, which no component takes, and says
 * nothing. The warning names the file and the name that works ({@code <factoryPid>-<name>.cfg}).
 *
 * <p>Configurations FileInstall applied before this component started are checked at activation, later ones as Config
 * Admin reports them; each PID is warned about once until it is deleted.
 */
@Component(service = ConfigurationListener.class, immediate = true)
public class FactoryFileNameCheck implements ConfigurationListener {

    static final String FILENAME_PROPERTY = "felix.fileinstall.filename";

    private static final System.Logger LOG = System.getLogger(FactoryFileNameCheck.class.getName());

    private final ConfigurationAdmin configurationAdmin;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    @Activate
    public FactoryFileNameCheck(@Reference ConfigurationAdmin configurationAdmin) {
        this.configurationAdmin = configurationAdmin;
        for (Configuration configuration : fileConfigurations("(" + FILENAME_PROPERTY + "=*)")) {
            check(configuration);
        }
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (event.getType() == ConfigurationEvent.CM_DELETED) {
            warned.remove(event.getPid());
        } else if (event.getType() == ConfigurationEvent.CM_UPDATED && event.getFactoryPid() == null
                && event.getPid().indexOf('~') > 0) {
            for (Configuration configuration : fileConfigurations(
                    "(" + org.osgi.framework.Constants.SERVICE_PID + "=" + ConfigFileWriteBack.escape(event.getPid()) + ")")) {
                check(configuration);
            }
        }
    }

    private void check(Configuration configuration) {
        var properties = configuration.getProperties();
        if (properties == null) {
            return;
        }
        problem(configuration.getPid(), configuration.getFactoryPid(), properties.get(FILENAME_PROPERTY))
                .filter(message -> warned.add(configuration.getPid()))
                .ifPresent(message -> LOG.log(System.Logger.Level.WARNING, message));
    }

    private Configuration[] fileConfigurations(String filter) {
        try {
            Configuration[] found = configurationAdmin.listConfigurations(filter);
            return found != null ? found : new Configuration[0];
        } catch (IOException | InvalidSyntaxException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not list configurations " + filter + " to check their file "
                    + "names: " + e);
            return new Configuration[0];
        }
    }

    /**
     * The warning for a configuration FileInstall made from a file named like {@code <factoryPid>~<name>.cfg}, or
     * empty when the configuration is a factory configuration, has no {@code ~} in its PID or no file.
     *
     * @param fileName the {@value #FILENAME_PROPERTY} property: FileInstall's URL of the file, or null
     */
    static Optional<String> problem(String rawPid, String factoryPid, Object fileName) {
        String pid = SafeText.printable(rawPid, 300);
        int tilde = pid.indexOf('~');
        if (factoryPid != null || tilde <= 0 || tilde == pid.length() - 1 || fileName == null) {
            return Optional.empty();
        }
        String url = SafeText.printable(fileName.toString(), 500);
        String file = url.substring(url.lastIndexOf('/') + 1);
        String extension = file.lastIndexOf('.') > 0 ? file.substring(file.lastIndexOf('.')) : "";
        String factory = pid.substring(0, tilde);
        String name = pid.substring(tilde + 1);
        return Optional.of("Configuration file " + file + " made the plain configuration '" + pid + "', not a "
                + "factory configuration of " + factory + ": FileInstall takes only a '-' in a file name as the start "
                + "of a factory configuration's name, not the '~' of Config Admin's PIDs. Rename the file " + factory
                + "-" + name + extension + " (" + url + ").");
    }
}
