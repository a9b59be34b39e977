package io.plantwire.features;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Installs, updates and removes features and single bundles on the running gateway, from its local repository.
 *
 * <p>A feature reference is the feature's short name ({@code modbus}), its id
 * ({@code io.plantwire:io.plantwire.feature.modbus:0.1.0-SNAPSHOT}) or the path of a feature JSON file. A bundle
 * reference is a bundle id, a bundle symbolic name or Maven coordinates ({@code groupId:artifactId:version}) of a jar
 * in the local repository. Operations are serialized; each either completes or leaves the framework as it was and
 * throws {@link FeatureException}.
 */
@ProviderType
public interface FeatureManager {

    /** The features found in the features directory and those installed, sorted by name. */
    List<FeatureInfo> features();

    /**
     * The state of the components that took the configurations of an installed feature, one entry per component
     * configuration (a configuration no component took yet has one entry with state {@code NO_COMPONENT}). Components
     * activate asynchronously, so right after an install an entry may still move from {@code NO_COMPONENT} or
     * {@code UNSATISFIED_REFERENCE} to {@code ACTIVE}.
     *
     * @param feature the feature's name or id
     * @return the states, in the order of the feature's configurations
     * @throws FeatureException if the feature is not installed, or Declarative Services is not running
     */
    List<ConfigurationStatus> status(String feature) throws FeatureException;

    /**
     * Installs a feature: installs its bundles that are not yet present, applies its configurations that do not exist
     * yet, starts its bundles.
     *
     * @param feature the feature's name, id or file path
     * @return what changed
     * @throws FeatureException if the feature is unknown or already installed, a bundle is missing from the
     *         repository, is not a valid bundle, cannot be resolved (the message names the missing requirement) or
     *         fails to start; nothing stays installed or configured then
     */
    ChangeReport installFeature(String feature) throws FeatureException;

    /**
     * Brings an installed feature in line with its (possibly new) feature file and the repository: updates bundles
     * whose jar changed, installs added bundles, removes dropped ones no other feature needs, creates added
     * configurations and updates configurations nobody edited. Only bundles wired to replaced bundles are refreshed.
     *
     * @param feature the feature's name, id or file path
     * @return what changed
     * @throws FeatureException if the feature is not installed or the update fails (it is then rolled back where the
     *         previous bundle content is known)
     */
    ChangeReport updateFeature(String feature) throws FeatureException;

    /**
     * Removes a feature: stops and uninstalls the bundles it installed that no other installed feature needs,
     * deletes the configurations it created, refreshes what was wired to the removed bundles.
     *
     * @param feature the feature's name or id
     * @return what changed
     * @throws FeatureException if the feature is not installed
     */
    ChangeReport uninstallFeature(String feature) throws FeatureException;

    /**
     * Installs and starts one bundle from the repository.
     *
     * @param coordinates Maven coordinates {@code groupId:artifactId[:type[:classifier]]:version}
     * @return what changed
     * @throws FeatureException as for {@link #installFeature(String)}
     */
    ChangeReport installBundle(String coordinates) throws FeatureException;

    /**
     * Updates one installed bundle in place from the repository and refreshes only the bundles wired to its previous
     * revision.
     *
     * @param bundle bundle id, symbolic name or Maven coordinates; with a symbolic name or id, the repository jar
     *        with that symbolic name and the highest version is used
     * @return what changed
     * @throws FeatureException if no such bundle or jar exists or the new revision cannot be resolved or started (the
     *         previous content is then restored when it is known)
     */
    ChangeReport updateBundle(String bundle) throws FeatureException;

    /**
     * Uninstalls one bundle that no installed feature needs, and refreshes what was wired to it.
     *
     * @param bundle bundle id, symbolic name or Maven coordinates
     * @return what changed
     * @throws FeatureException if there is no such bundle, or an installed feature needs it
     */
    ChangeReport uninstallBundle(String bundle) throws FeatureException;
}
