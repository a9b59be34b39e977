package io.plantwire.config.snapshots.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Reads the running gateway's site configuration: every configuration in scope from Config Admin (as stored: secret
 * references stay references), the installed features, the bundles.
 */
final class SiteCapture {

    /** The site and, per site key, the live configuration it came from (to change or delete it on an import). */
    record Captured(SiteConfiguration site, Map<String, Configuration> live) { }

    private final ConfigurationAdmin admin;
    private final BundleContext context;
    private final SiteScope scope;

    SiteCapture(ConfigurationAdmin admin, BundleContext context, SiteScope scope) {
        this.admin = admin;
        this.context = context;
        this.scope = scope;
    }

    SiteConfiguration site(SiteFeatures features) throws IOException {
        return capture(features).site();
    }

    Captured capture(SiteFeatures features) throws IOException {
        Configuration[] all;
        try {
            all = admin.listConfigurations(null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("a null filter is valid", e);
        }
        Map<String, Map<String, Object>> configurations = new TreeMap<>();
        Map<String, Configuration> live = new TreeMap<>();
        for (Configuration c : all == null ? new Configuration[0] : all) {
            Dictionary<String, Object> properties;
            String key;
            try {
                properties = c.getProperties();
                key = siteKey(c.getPid(), c.getFactoryPid());
            } catch (IllegalStateException deleted) {
                continue; // deleted since it was listed: it is no longer part of the site
            }
            if (properties == null || !scope.includes(key)) {
                continue; // created but never given properties: nothing for a component yet
            }
            Map<String, Object> props = new TreeMap<>();
            for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
                String k = keys.nextElement();
                if (!SiteScope.bookkeeping(k)) {
                    props.put(k, properties.get(k));
                }
            }
            configurations.put(key, props);
            live.put(key, c);
        }
        List<String> bundles = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (b.getBundleId() != 0 && b.getState() != Bundle.UNINSTALLED) {
                bundles.add(b.getSymbolicName() + " " + b.getVersion());
            }
        }
        return new Captured(SiteConfiguration.of(configurations, features.installed(), bundles), live);
    }

    /**
     * {@code factoryPid~name} for a factory configuration: named ones have that PID already; one created without a
     * name (a generated PID such as {@code factoryPid.<uuid>}) keeps its generated part as the name, so the same
     * configuration has the same key on every gateway it is imported into.
     */
    static String siteKey(String pid, String factoryPid) {
        if (factoryPid == null || pid.startsWith(factoryPid + "~")) {
            return pid;
        }
        String name = pid.startsWith(factoryPid + ".") ? pid.substring(factoryPid.length() + 1) : pid;
        return factoryPid + "~" + name;
    }
}
