/**
 * The site configuration of a gateway as one OSGi Configurator JSON document: export, import (dry run, all or
 * nothing), automatic snapshots in {@code data/snapshots/}, restore. Nothing here is API: the bundle registers Gogo
 * commands ({@code plantwire:config}), a Web Console page, a {@link org.osgi.service.cm.ConfigurationListener} and a
 * {@link io.plantwire.features.FeatureChangeObserver}. Design and the reasons in
 * docs/decisions/operations-config-snapshots.md.
 */
package io.plantwire.config.snapshots.internal;
