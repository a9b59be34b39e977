package io.plantwire.config.snapshots.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;

import io.plantwire.api.text.Redaction;
import io.plantwire.api.text.SafeText;

/**
 * What changes when a gateway goes from one site configuration to another: configurations added and removed,
 * properties added, changed and removed per PID, features added and removed, bundles the target lacks. Sorted by PID and key.
 */
final class SiteDiff {

    /** The kinds of change, with the sign shown in front of them. */
    enum Kind {
        CONFIGURATION_ADDED("+"), CONFIGURATION_REMOVED("-"), PROPERTY_ADDED("+"), PROPERTY_CHANGED("~"),
        PROPERTY_REMOVED("-"), FEATURE_ADDED("+"), FEATURE_REMOVED("-"), BUNDLE_ADDED("+");

        final String sign;

        Kind(String sign) {
            this.sign = sign;
        }
    }

    /**
     * One change.
     *
     * @param kind what changed
     * @param subject the PID, feature id or bundle
     * @param key the property, or empty
     * @param before the value before (null when added)
     * @param after the value after (null when removed)
     */
    record Change(Kind kind, String subject, String key, Object before, Object after) { }

    private final List<Change> changes;

    private SiteDiff(List<Change> changes) {
        this.changes = List.copyOf(changes);
    }

    /** From {@code before} to {@code after}. */
    static SiteDiff between(SiteConfiguration before, SiteConfiguration after) {
        List<Change> out = new ArrayList<>();
        TreeSet<String> pids = new TreeSet<>(before.configurations().keySet());
        pids.addAll(after.configurations().keySet());
        for (String pid : pids) {
            SortedMap<String, Object> b = before.configurations().get(pid);
            SortedMap<String, Object> a = after.configurations().get(pid);
            if (b == null) {
                out.add(new Change(Kind.CONFIGURATION_ADDED, pid, "", null, null));
                a.forEach((k, v) -> out.add(new Change(Kind.PROPERTY_ADDED, pid, k, null, v)));
            } else if (a == null) {
                out.add(new Change(Kind.CONFIGURATION_REMOVED, pid, "", null, null));
                b.forEach((k, v) -> out.add(new Change(Kind.PROPERTY_REMOVED, pid, k, v, null)));
            } else {
                TreeSet<String> keys = new TreeSet<>(b.keySet());
                keys.addAll(a.keySet());
                for (String k : keys) {
                    Object vb = b.get(k);
                    Object va = a.get(k);
                    if (vb == null) {
                        out.add(new Change(Kind.PROPERTY_ADDED, pid, k, null, va));
                    } else if (va == null) {
                        out.add(new Change(Kind.PROPERTY_REMOVED, pid, k, vb, null));
                    } else if (!SiteConfiguration.sameValue(vb, va)) {
                        out.add(new Change(Kind.PROPERTY_CHANGED, pid, k, vb, va));
                    }
                }
            }
        }
        listDiff(before.features(), after.features(), Kind.FEATURE_ADDED, Kind.FEATURE_REMOVED, out);
        // An import never uninstalls a bundle (it removes features, and with them their bundles): only bundles the
        // document has and this gateway lacks are a difference, and they stop the import.
        after.bundles().stream().filter(x -> !before.bundles().contains(x))
                .forEach(x -> out.add(new Change(Kind.BUNDLE_ADDED, x, "", null, null)));
        return new SiteDiff(out);
    }

    private static void listDiff(List<String> before, List<String> after, Kind added, Kind removed,
            List<Change> out) {
        after.stream().filter(x -> !before.contains(x)).forEach(x -> out.add(new Change(added, x, "", null, null)));
        before.stream().filter(x -> !after.contains(x)).forEach(x -> out.add(new Change(removed, x, "", null, null)));
    }

    List<Change> changes() {
        return changes;
    }

    boolean isEmpty() {
        return changes.isEmpty();
    }

    /** PIDs whose configuration is added, removed or changed, in order. */
    List<String> changedPids() {
        return changes.stream().filter(c -> c.kind().ordinal() <= Kind.PROPERTY_REMOVED.ordinal())
                .map(Change::subject).distinct().toList();
    }

    /** Counts for a one-line summary: "2 configuration(s) added, 1 changed, 0 removed; features +1 -0; bundles +0". */
    String summary() {
        long added = count(Kind.CONFIGURATION_ADDED);
        long removed = count(Kind.CONFIGURATION_REMOVED);
        long changed = changedPids().size() - added - removed;
        return added + " configuration(s) added, " + changed + " changed, " + removed + " removed; features +"
                + count(Kind.FEATURE_ADDED) + " -" + count(Kind.FEATURE_REMOVED) + "; bundles +"
                + count(Kind.BUNDLE_ADDED);
    }

    private long count(Kind kind) {
        return changes.stream().filter(c -> c.kind() == kind).count();
    }

    /** The difference as text, one line per change; values of secret-named properties masked. */
    String render() {
        if (changes.isEmpty()) {
            return "no differences";
        }
        StringBuilder out = new StringBuilder();
        String lastPid = null;
        for (Change c : changes) {
            switch (c.kind()) {
                case CONFIGURATION_ADDED, CONFIGURATION_REMOVED -> {
                    out.append(c.kind().sign).append(' ').append(text(c.subject())).append("  (configuration ")
                            .append(c.kind() == Kind.CONFIGURATION_ADDED ? "added" : "removed").append(")\n");
                    lastPid = c.subject();
                }
                case PROPERTY_ADDED, PROPERTY_CHANGED, PROPERTY_REMOVED -> {
                    if (!c.subject().equals(lastPid)) {
                        out.append("~ ").append(text(c.subject())).append('\n');
                        lastPid = c.subject();
                    }
                    out.append("    ").append(c.kind().sign).append(' ').append(text(c.key()));
                    if (c.kind() == Kind.PROPERTY_ADDED) {
                        out.append(" = ").append(value(c.key(), c.after()));
                    } else if (c.kind() == Kind.PROPERTY_REMOVED) {
                        out.append(" (was ").append(value(c.key(), c.before())).append(')');
                    } else {
                        out.append(": ").append(value(c.key(), c.before())).append(" -> ")
                                .append(value(c.key(), c.after()));
                    }
                    out.append('\n');
                }
                default -> out.append(c.kind().sign).append(' ')
                        .append(c.kind().name().startsWith("FEATURE") ? "feature " : "bundle ")
                        .append(text(c.subject())).append('\n');
            }
        }
        return out.append(summary()).toString();
    }

    /** A value for people: secret-named properties masked unless they only hold references. */
    static String value(String key, Object value) {
        if (Redaction.isSecretName(key) && !SecretCheck.referencesOnly(value)) {
            return Redaction.MASK;
        }
        return text(SiteConfiguration.render(value));
    }

    private static String text(String s) {
        return SafeText.printable(s, 300);
    }

    /** The changes grouped by PID, for the console's table. */
    Map<String, List<Change>> byPid() {
        Map<String, List<Change>> out = new java.util.LinkedHashMap<>();
        for (Change c : changes) {
            out.computeIfAbsent(c.subject(), k -> new ArrayList<>()).add(c);
        }
        return out;
    }
}
