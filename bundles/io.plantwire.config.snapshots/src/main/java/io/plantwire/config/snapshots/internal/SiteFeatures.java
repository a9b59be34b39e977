package io.plantwire.config.snapshots.internal;

import java.util.List;

import io.plantwire.features.FeatureException;
import io.plantwire.features.FeatureInfo;
import io.plantwire.features.FeatureManager;

/** The feature installer as an import needs it; {@link #NONE} on a gateway without one. */
interface SiteFeatures {

    /** Ids of the installed features. */
    List<String> installed();

    /** Ids of every feature this gateway can install (its features directory) and the installed ones. */
    List<String> available();

    void install(String id) throws FeatureException;

    void uninstall(String id) throws FeatureException;

    /** No feature installer: nothing installed, nothing available. */
    SiteFeatures NONE = new SiteFeatures() {
        @Override
        public List<String> installed() {
            return List.of();
        }

        @Override
        public List<String> available() {
            return List.of();
        }

        @Override
        public void install(String id) throws FeatureException {
            throw new FeatureException("this gateway has no feature installer (io.plantwire.features): cannot install "
                    + id);
        }

        @Override
        public void uninstall(String id) throws FeatureException {
            throw new FeatureException("this gateway has no feature installer (io.plantwire.features): cannot remove "
                    + id);
        }
    };

    static SiteFeatures of(FeatureManager manager) {
        if (manager == null) {
            return NONE;
        }
        return new SiteFeatures() {
            @Override
            public List<String> installed() {
                return manager.features().stream().filter(FeatureInfo::installed).map(FeatureInfo::id).toList();
            }

            @Override
            public List<String> available() {
                return manager.features().stream().map(FeatureInfo::id).toList();
            }

            @Override
            public void install(String id) throws FeatureException {
                manager.installFeature(id);
            }

            @Override
            public void uninstall(String id) throws FeatureException {
                manager.uninstallFeature(id);
            }
        };
    }
}
