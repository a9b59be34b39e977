package io.plantwire.console.internal;

import java.util.List;

import org.osgi.service.component.ComponentServiceObjects;

import io.plantwire.features.TrustStatus;

/**
 * The features page's side of {@link TrustStatus}: reads the trust policy into the page's records. Like
 * {@link FeatureDesk}, the only place that uses the API type, loaded only when the service is bound.
 */
final class TrustDesk {

    private TrustDesk() {
    }

    /** The trust policy now, or null when the service went away meanwhile. */
    static FeaturesPage.Trust trust(ComponentServiceObjects<TrustStatus> service) {
        TrustStatus status = service.getService();
        if (status == null) {
            return null;
        }
        try {
            List<FeaturesPage.Refusal> recent = status.recentRefusals().stream()
                    .map(r -> new FeaturesPage.Refusal(r.time().toString(), r.origin(), r.kind(), r.reason(),
                            r.installedAnyway()))
                    .toList();
            return new FeaturesPage.Trust(status.mode(), status.trustStore(), status.trustedSigners(),
                    status.trustStoreProblems(), status.refusalsByKind(), recent);
        } finally {
            service.ungetService(status);
        }
    }
}
