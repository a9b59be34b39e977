package io.plantwire.features;

import java.util.List;

/**
 * A feature known to the gateway: found in its features directory, or installed.
 *
 * @param id the feature id, {@code groupId:artifactId[:type[:classifier]]:version}
 * @param name the short name used in commands: the artifact id without the {@code io.plantwire.feature.} prefix,
 *        e.g. {@code modbus}
 * @param description the feature's description, or an empty string
 * @param installed whether the feature is installed on this gateway
 * @param bundles the Maven coordinates of the feature's bundles, in the order of the feature file
 * @param configurations the configuration PIDs of the feature (factory configurations as {@code factoryPid~name})
 * @param source the file the feature was read from, or an empty string when it is no longer there
 */
public record FeatureInfo(String id, String name, String description, boolean installed, List<String> bundles,
        List<String> configurations, String source) {

    /** Copies the lists so the record is immutable. */
    public FeatureInfo {
        bundles = List.copyOf(bundles);
        configurations = List.copyOf(configurations);
    }
}
