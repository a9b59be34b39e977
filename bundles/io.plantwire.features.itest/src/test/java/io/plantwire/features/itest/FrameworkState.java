package io.plantwire.features.itest;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * What a rollback must give back, as one comparable map: every bundle (by location: symbolic name, version, state)
 * and every configuration (by PID: factory PID and properties, typed). Bundle ids are left out: an uninstalled bundle
 * comes back at its location with a new id.
 */
final class FrameworkState {

    private FrameworkState() {
    }

    static Map<String, String> of(BundleContext context, ConfigurationAdmin configurationAdmin) throws Exception {
        Map<String, String> state = new TreeMap<>();
        for (Bundle b : context.getBundles()) {
            state.put("bundle " + b.getLocation(), b.getSymbolicName() + " " + b.getVersion() + " " + stateName(b.getState()));
        }
        Configuration[] configurations = configurationAdmin.listConfigurations(null);
        if (configurations != null) {
            for (Configuration c : configurations) {
                state.put("configuration " + c.getPid(), "factory " + c.getFactoryPid() + " " + properties(c.getProperties()));
            }
        }
        return state;
    }

    private static String properties(Dictionary<String, Object> properties) {
        Map<String, String> sorted = new TreeMap<>();
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (!key.equals(ConfigurationAdmin.SERVICE_BUNDLELOCATION)) {
                sorted.put(key, render(properties.get(key)));
            }
        }
        return sorted.toString();
    }

    private static String render(Object value) {
        if (value == null) {
            return "null";
        }
        if (value.getClass().isArray()) {
            StringBuilder out = new StringBuilder(value.getClass().getComponentType().getSimpleName()).append('[');
            for (int i = 0; i < Array.getLength(value); i++) {
                out.append(i > 0 ? "," : "").append(render(Array.get(value, i)));
            }
            return out.append(']').toString();
        }
        if (value instanceof Collection<?> c) {
            return "Collection" + c.stream().map(FrameworkState::render).toList();
        }
        return value.getClass().getSimpleName() + ":" + value;
    }

    private static String stateName(int state) {
        switch (state) {
            case Bundle.INSTALLED: return "INSTALLED";
            case Bundle.RESOLVED: return "RESOLVED";
            case Bundle.STARTING: return "STARTING";
            case Bundle.STOPPING: return "STOPPING";
            case Bundle.ACTIVE: return "ACTIVE";
            default: return "UNINSTALLED";
        }
    }
}
