package io.plantwire.config.snapshots.internal;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a gateway runs as a site: its configurations (PID, or {@code factoryPid~name} for a named factory
 * configuration, to properties without Config Admin's bookkeeping), the ids of its installed features and its bundles
 * ({@code symbolicName version}). Immutable, sorted, so two captures of the same state are equal.
 *
 * @param configurations PID to properties, both sorted
 * @param features installed feature ids, sorted
 * @param bundles {@code symbolicName version} of every bundle but the framework, sorted
 */
record SiteConfiguration(SortedMap<String, SortedMap<String, Object>> configurations, List<String> features,
        List<String> bundles) {

    SiteConfiguration {
        TreeMap<String, SortedMap<String, Object>> copy = new TreeMap<>();
        configurations.forEach((pid, props) -> copy.put(pid, Collections.unmodifiableSortedMap(new TreeMap<>(props))));
        configurations = Collections.unmodifiableSortedMap(copy);
        features = features.stream().sorted().distinct().toList();
        bundles = bundles.stream().sorted().distinct().toList();
    }

    static SiteConfiguration of(Map<String, ? extends Map<String, Object>> configurations, List<String> features,
            List<String> bundles) {
        TreeMap<String, SortedMap<String, Object>> sorted = new TreeMap<>();
        configurations.forEach((pid, props) -> sorted.put(pid, new TreeMap<>(props)));
        return new SiteConfiguration(sorted, features, bundles);
    }

    /** The factory PID of {@code factoryPid~name}, or null for a singleton PID. */
    static String factoryPid(String pid) {
        int tilde = pid.indexOf('~');
        return tilde > 0 ? pid.substring(0, tilde) : null;
    }

    /**
     * Whether this and that hold the same configurations, features and bundles; property values compared by content
     * (arrays element by element, with their element type).
     */
    boolean sameAs(SiteConfiguration that) {
        if (!features.equals(that.features) || !bundles.equals(that.bundles)
                || !configurations.keySet().equals(that.configurations.keySet())) {
            return false;
        }
        for (Map.Entry<String, SortedMap<String, Object>> e : configurations.entrySet()) {
            if (!sameProperties(e.getValue(), that.configurations.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    static boolean sameProperties(Map<String, Object> a, Map<String, Object> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, Object> e : a.entrySet()) {
            if (!sameValue(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Equal values of equal types: 5 (Integer) is not 5 (Long), a String[] is not a List. */
    static boolean sameValue(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.getClass().isArray() && b.getClass().isArray()) {
            if (a.getClass() != b.getClass() || Array.getLength(a) != Array.getLength(b)) {
                return false;
            }
            for (int i = 0; i < Array.getLength(a); i++) {
                if (!sameValue(Array.get(a, i), Array.get(b, i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Collection<?> ca && b instanceof Collection<?> cb) {
            return List.copyOf(ca).equals(List.copyOf(cb));
        }
        return a.getClass() == b.getClass() && Objects.equals(a, b);
    }

    /** A value for people: arrays and collections as [a, b], strings quoted. */
    static String render(Object value) {
        if (value == null) {
            return "(none)";
        }
        if (value.getClass().isArray()) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < Array.getLength(value); i++) {
                out.append(i > 0 ? ", " : "").append(render(Array.get(value, i)));
            }
            return out.append(']').toString();
        }
        if (value instanceof Collection<?> c) {
            return render(c.toArray());
        }
        if (value instanceof String || value instanceof Character) {
            return "\"" + value + "\"";
        }
        return value.toString();
    }
}
