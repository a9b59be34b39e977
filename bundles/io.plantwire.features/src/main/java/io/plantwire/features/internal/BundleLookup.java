package io.plantwire.features.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;

import io.plantwire.features.FeatureException;
import io.plantwire.features.internal.LocalRepository.BundleJar;

/** Finding installed bundles by what an operator types: a bundle id, a symbolic name, or Maven coordinates. */
final class BundleLookup {

    private final BundleContext context;
    private final LocalRepository repository;

    BundleLookup(BundleContext context, LocalRepository repository) {
        this.context = context;
        this.repository = repository;
    }

    /** The installed bundle with this symbolic name and version, or null. */
    Bundle installed(String symbolicName, Version version) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName()) && version.equals(b.getVersion())) {
                return b;
            }
        }
        return null;
    }

    List<Bundle> named(String symbolicName) {
        List<Bundle> found = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                found.add(b);
            }
        }
        return found;
    }

    /** The one installed bundle with this symbolic name; fails when there is none or several. */
    Bundle onlyNamed(String symbolicName, String ref) throws FeatureException {
        List<Bundle> sameName = named(symbolicName);
        if (sameName.size() != 1) {
            throw new FeatureException(sameName.isEmpty()
                    ? "no installed bundle " + symbolicName + " to update; plantwire:install " + ref + " installs it"
                    : "several versions of " + symbolicName + " are installed; name the bundle id");
        }
        return sameName.get(0);
    }

    /** A bundle by id, symbolic name or Maven coordinates (its location, or the symbolic name and version of the jar). */
    Bundle find(String ref) throws FeatureException {
        String text = ref == null ? "" : ref.trim();
        if (text.matches("\\d+")) {
            Bundle b = context.getBundle(Long.parseLong(text));
            if (b == null) {
                throw new FeatureException("no bundle with id " + text);
            }
            return b;
        }
        if (ArtifactCoordinates.looksLikeCoordinates(text)) {
            try {
                ArtifactCoordinates coordinates = ArtifactCoordinates.parse(text);
                Bundle b = context.getBundle(coordinates.repositoryPath(repository.root()).toUri().toString());
                if (b == null) {
                    // Only a look-up: nothing is installed from this read.
                    BundleJar jar = repository.bundle(coordinates);
                    b = installed(jar.symbolicName(), jar.version());
                }
                if (b == null) {
                    throw new FeatureException("the bundle of " + text + " is not installed");
                }
                return b;
            } catch (IOException | IllegalArgumentException e) {
                throw new FeatureException(e.getMessage(), e);
            }
        }
        List<Bundle> found = named(text);
        if (found.isEmpty()) {
            throw new FeatureException("no installed bundle or feature '" + text + "'");
        }
        if (found.size() > 1) {
            throw new FeatureException("several versions of " + text + " are installed; name the bundle id");
        }
        return found.get(0);
    }
}
