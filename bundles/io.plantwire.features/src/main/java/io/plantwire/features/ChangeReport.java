package io.plantwire.features;

import java.util.List;

/**
 * What an operation changed on the running gateway. Bundles are named {@code symbolicName version [id]}.
 *
 * @param subject the feature id or bundle the operation was about
 * @param installed bundles installed by the operation
 * @param updated bundles updated in place (same bundle id, new content)
 * @param uninstalled bundles uninstalled
 * @param refreshed bundles that were refreshed (stopped, rewired, restarted) because they were wired to a
 *        replaced or removed bundle; bundles not in this list were not touched
 * @param configurationsCreated configurations created (PIDs, factory configurations as {@code factoryPid~name})
 * @param configurationsUpdated configurations whose feature defaults changed and that nobody had edited
 * @param configurationsKept configurations left alone because they existed before or a user changed them
 * @param configurationsDeleted configurations deleted
 */
public record ChangeReport(String subject, List<String> installed, List<String> updated, List<String> uninstalled,
        List<String> refreshed, List<String> configurationsCreated, List<String> configurationsUpdated,
        List<String> configurationsKept, List<String> configurationsDeleted) {

    /** Copies the lists so the record is immutable. */
    public ChangeReport {
        installed = List.copyOf(installed);
        updated = List.copyOf(updated);
        uninstalled = List.copyOf(uninstalled);
        refreshed = List.copyOf(refreshed);
        configurationsCreated = List.copyOf(configurationsCreated);
        configurationsUpdated = List.copyOf(configurationsUpdated);
        configurationsKept = List.copyOf(configurationsKept);
        configurationsDeleted = List.copyOf(configurationsDeleted);
    }

    /** A multi-line summary for the shell; empty categories are left out. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(subject);
        line(out, "installed", installed);
        line(out, "updated", updated);
        line(out, "uninstalled", uninstalled);
        line(out, "refreshed", refreshed);
        line(out, "configurations created", configurationsCreated);
        line(out, "configurations updated", configurationsUpdated);
        line(out, "configurations kept", configurationsKept);
        line(out, "configurations deleted", configurationsDeleted);
        return out.toString();
    }

    private static void line(StringBuilder out, String label, List<String> items) {
        if (!items.isEmpty()) {
            out.append(System.lineSeparator()).append("  ").append(label).append(": ").append(String.join(", ", items));
        }
    }
}
