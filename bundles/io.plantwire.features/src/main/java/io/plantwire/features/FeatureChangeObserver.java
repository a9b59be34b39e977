package io.plantwire.features;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told by the feature installer before it changes the gateway: a service of this type is called, on the caller's
 * thread, before every install, update and uninstall of a feature or bundle starts. The configuration snapshots
 * ({@code io.plantwire.config.snapshots}) use it to keep the state from before the change.
 *
 * <p>An observer must return quickly and must not call the {@link FeatureManager}'s changing operations. What it
 * throws is logged and does not stop the operation: an observer cannot veto a change.
 */
@ConsumerType
public interface FeatureChangeObserver {

    /**
     * @param operation {@code install}, {@code update} or {@code uninstall}, followed by {@code feature} or
     *        {@code bundle}, e.g. {@code "install feature"}
     * @param subject the reference the operation was called with: a feature name, id or file, or a bundle reference
     */
    void beforeChange(String operation, String subject);
}
