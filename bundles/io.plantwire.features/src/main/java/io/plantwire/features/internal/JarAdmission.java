package io.plantwire.features.internal;

import java.nio.file.Path;

import io.plantwire.features.FeatureException;

/**
 * The one check every jar passes before it becomes a bundle, on every install path (feature, single bundle, update,
 * deploy/ folder, restore at start). The installer first copies the jar once into its own area and hashes that copy;
 * this check then looks at exactly that copy, and the framework installs from it, so what was checked is what runs.
 */
public interface JarAdmission {

    /**
     * Admits the copy or refuses it.
     *
     * @param copy the installer's own copy of the jar, the file the bundle will be installed from
     * @param origin what the operator named (a path, coordinates, a deploy/ file), for messages
     * @param sha256 the SHA-256 of {@code copy}, lower-case hex
     * @param pinnedSha256 the SHA-256 a verified feature pins for this jar, or null for a jar installed on its own
     * @throws FeatureException naming the origin and the reason, e.g. {@code deploy/acme-1.2.jar refused: entry
     *         com/acme/Driver.class is not signed}
     */
    void admit(Path copy, String origin, String sha256, String pinnedSha256) throws FeatureException;

    /** Checks pins only: a pinned jar must match, anything else is admitted. For tests and trust.mode=off. */
    JarAdmission PINS_ONLY = (copy, origin, sha256, pinned) -> {
        if (pinned != null && !pinned.equals(sha256)) {
            throw new FeatureException(origin + " refused: its SHA-256 " + sha256 + " differs from " + pinned
                    + " pinned by the feature");
        }
    };
}
