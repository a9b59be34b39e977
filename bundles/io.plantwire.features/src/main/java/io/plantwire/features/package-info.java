/**
 * Field updates without restart: install, update and remove features and single bundles on a running gateway.
 *
 * <p>A feature is a file in the OSGi Feature JSON format (org.osgi.service.feature 1.0): an id, a list of bundles
 * by Maven coordinates and default configurations. {@link io.plantwire.features.FeatureManager} finds the bundles
 * in the gateway's local repository (a directory in Maven layout), installs what is missing, applies the
 * configurations through Config Admin without overwriting configurations a user created or changed, and refreshes
 * only the bundles that were wired to a replaced or removed bundle. A failed operation names its cause (for a
 * resolution failure, the missing requirement) and leaves the framework as it was.
 *
 * <p>The same operations are Gogo commands in the {@code plantwire} scope: {@code plantwire:features},
 * {@code plantwire:install}, {@code plantwire:update}, {@code plantwire:uninstall}. A
 * {@link io.plantwire.features.FeatureChangeObserver} service is told before each of these changes (1.2).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.plantwire.features;
