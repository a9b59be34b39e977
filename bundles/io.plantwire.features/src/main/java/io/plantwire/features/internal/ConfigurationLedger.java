package io.plantwire.features.internal;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.plantwire.features.FeatureException;

/**
 * The installer's dealings with Config Admin: finding a configuration by PID, writing one with the owner property,
 * and the hash that tells whether a user changed what the installer wrote. {@code factoryPid~name} is a named factory
 * configuration ({@code getFactoryConfiguration(factoryPid, name, "?")}), so a {@code conf/} file and a feature's
 * default are the same configuration.
 */
final class ConfigurationLedger {

    /** Properties Config Admin, FileInstall or the installer add; a user changing them is not a user edit. */
    private static final Set<String> BOOKKEEPING = Set.of(Constants.SERVICE_PID, ConfigurationAdmin.SERVICE_FACTORYPID,
            ConfigurationAdmin.SERVICE_BUNDLELOCATION, FeatureInstaller.OWNER_PROPERTY, "felix.fileinstall.filename");

    private final ConfigurationAdmin admin;

    ConfigurationLedger(ConfigurationAdmin admin) {
        this.admin = admin;
    }

    /** The configuration with this PID, or null. */
    Configuration find(String pid) throws FeatureException {
        try {
            Configuration[] found = admin.listConfigurations("(" + Constants.SERVICE_PID + "=" + escapeFilter(pid) + ")");
            return found == null || found.length == 0 ? null : found[0];
        } catch (IOException | InvalidSyntaxException e) {
            throw new FeatureException("cannot look up configuration " + pid + ": " + e.getMessage(), e);
        }
    }

    /** Creates the configuration (named factory configuration for {@code factoryPid~name}) with these properties. */
    Configuration create(String pid, Dictionary<String, Object> properties) throws IOException {
        int tilde = pid.indexOf('~');
        Configuration c = tilde > 0
                ? admin.getFactoryConfiguration(pid.substring(0, tilde), pid.substring(tilde + 1), "?")
                : admin.getConfiguration(pid, "?");
        c.update(properties);
        return c;
    }

    /** The feature's properties with the owner property: what the installer writes. */
    static Dictionary<String, Object> owned(Map<String, Object> properties, String featureId) {
        Dictionary<String, Object> dictionary = new Hashtable<>(properties);
        dictionary.put(FeatureInstaller.OWNER_PROPERTY, featureId);
        return dictionary;
    }

    /** A copy of the configuration's properties, to put back exactly on a rollback. */
    static Dictionary<String, Object> copy(Configuration c) {
        Dictionary<String, Object> properties = c.getProperties();
        Hashtable<String, Object> copy = new Hashtable<>();
        if (properties != null) {
            for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                copy.put(key, properties.get(key));
            }
        }
        return copy;
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
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
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
}
