package io.plantwire.health.internal;

import java.util.ArrayList;
import java.util.List;

import io.plantwire.features.FeatureInfo;

import org.osgi.framework.Bundle;

/**
 * The installed bundles of a feature. The installer installs a feature's bundle from its local Maven repository, so
 * the bundle's location ends in {@code /<artifactId>-<version>[-<classifier>].jar}; a bundle that was already there
 * (from the gateway's own -runbundles, say) is found by its symbolic name being the artifact id, as Plantwire's are.
 */
final class FeatureBundles {

    private FeatureBundles() {
    }

    /**
     * A bundle a feature names.
     *
     * @param coordinates its Maven coordinates in the feature
     * @param bundle the installed bundle, or null when none is installed
     */
    record Match(String coordinates, Bundle bundle) {
    }

    static List<Match> of(FeatureInfo feature, Bundle[] installed) {
        List<Match> found = new ArrayList<>();
        for (String coordinates : feature.bundles()) {
            String[] parts = coordinates.split(":");
            if (parts.length < 3) {
                found.add(new Match(coordinates, null));
                continue;
            }
            String artifactId = parts[1];
            String version = parts[parts.length - 1];
            String classifier = parts.length == 5 ? "-" + parts[3] : "";
            String fileName = "/" + artifactId + "-" + version + classifier + ".jar";
            Bundle match = null;
            for (Bundle b : installed) {
                if (b.getLocation() != null && b.getLocation().endsWith(fileName)) {
                    match = b;
                    break;
                }
            }
            if (match == null) {
                for (Bundle b : installed) {
                    if (artifactId.equals(b.getSymbolicName())) {
                        match = b;
                        break;
                    }
                }
            }
            found.add(new Match(coordinates, match));
        }
        return found;
    }

    static String stateName(int state) {
        switch (state) {
            case Bundle.INSTALLED:
                return "INSTALLED (not resolved)";
            case Bundle.RESOLVED:
                return "RESOLVED";
            case Bundle.STARTING:
                return "STARTING";
            case Bundle.STOPPING:
                return "STOPPING";
            case Bundle.UNINSTALLED:
                return "UNINSTALLED";
            default:
                return "ACTIVE";
        }
    }
}
