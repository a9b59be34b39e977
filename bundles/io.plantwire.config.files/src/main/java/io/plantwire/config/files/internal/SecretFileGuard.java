package io.plantwire.config.files.internal;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationPlugin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/**
 * Checks every {@code $[secret:name]} and {@code $[env:NAME]} reference of a configuration just before Config Admin
 * hands it to a component, ahead of the Felix interpolation plugin (which resolves them; ranking
 * {@value #RANKING} &lt; its 500):
 * <ul>
 * <li>a secret file that group or others may use, that is a link out of the secrets folder, or that is no regular
 * file is refused: every reference in that value is escaped, so the plugin passes the value on as written (the
 * component gets the reference text, not the secret) and an error names the file and the fix;</li>
 * <li>a missing secret file or unset environment variable without a default is reported by name (the plugin leaves
 * the reference in place).</li>
 * </ul>
 * Values are never logged.
 */
@Component(service = ConfigurationPlugin.class, immediate = true, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConfigurationPlugin.CM_RANKING + ":Integer=" + SecretFileGuard.RANKING,
                "config.plugin.id=" + SecretFileGuard.PLUGIN_ID})
public class SecretFileGuard implements ConfigurationPlugin {

    static final int RANKING = 400;
    static final String PLUGIN_ID = "io.plantwire.config.secrets";

    private static final System.Logger LOG = System.getLogger(SecretFileGuard.class.getName());

    private final SecretFolder folder;

    @Activate
    public SecretFileGuard(BundleContext context) {
        this(new SecretFolder(context.getProperty(SecretFolder.SECRETS_DIR_PROPERTY),
                context.getProperty(SecretFolder.ENCODING_PROPERTY)));
    }

    SecretFileGuard(SecretFolder folder) {
        this.folder = folder;
    }

    @Override
    public void modifyConfiguration(ServiceReference<?> target, Dictionary<String, Object> properties) {
        Object pid = properties.get(Constants.SERVICE_PID);
        List<String> keys = new ArrayList<>();
        for (Enumeration<String> e = properties.keys(); e.hasMoreElements();) {
            keys.add(e.nextElement());
        }
        for (String key : keys) {
            Object value = properties.get(key);
            if (refused(pid, key, value)) {
                properties.put(key, SecretReferences.escaped(value));
            }
        }
    }

    /** Reports what cannot be resolved; true when the value must not be resolved at all. */
    boolean refused(Object pid, String key, Object value) {
        boolean refuse = false;
        for (SecretReferences.Reference r : SecretReferences.in(value)) {
            if (r.type().equals("env")) {
                if (!r.hasDefault() && System.getenv(r.name()) == null) {
                    LOG.log(System.Logger.Level.WARNING, "configuration " + pid + ": " + key + " refers to "
                            + r.text() + ", but the environment variable " + r.name()
                            + " is not set; the component gets the reference text unresolved");
                }
                continue;
            }
            SecretFolder.Check check = folder.check(r.name());
            switch (check.state()) {
                case REFUSED -> {
                    refuse = true;
                    LOG.log(System.Logger.Level.ERROR, "configuration " + pid + ": " + key + " refers to "
                            + r.text() + ", but secret file " + (check.file() != null ? check.file() : r.name())
                            + " is refused: " + check.why() + ". The component gets the value unresolved.");
                }
                case MISSING -> {
                    if (!r.hasDefault()) {
                        LOG.log(System.Logger.Level.WARNING, "configuration " + pid + ": " + key + " refers to "
                                + r.text() + ", but " + (check.file() != null ? "secret file " + check.file()
                                        + " does not exist" : check.why())
                                + "; the component gets the reference text unresolved");
                    }
                }
                case USABLE -> {
                    // the interpolation plugin resolves it
                }
            }
        }
        return refuse;
    }
}
