package io.plantwire.features.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;

import io.plantwire.features.FeatureException;

/**
 * Refreshes and the questions around them: which bundles a refresh would restart (the dependency closure), which
 * still hang on to a removed revision, and how to name bundles in messages.
 */
final class BundleRefresh {

    private static final System.Logger LOG = System.getLogger(BundleRefresh.class.getName());

    private final FrameworkWiring wiring;
    private final int timeoutSeconds;

    BundleRefresh(FrameworkWiring wiring, int timeoutSeconds) {
        this.wiring = wiring;
        this.timeoutSeconds = timeoutSeconds;
    }

    FrameworkWiring wiring() {
        return wiring;
    }

    /** Refreshes the bundles and waits for the framework to finish, so the caller reports a settled state. */
    void refresh(Collection<Bundle> bundles) throws FeatureException {
        if (bundles.isEmpty()) {
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> error = new AtomicReference<>();
        wiring.refreshBundles(bundles, event -> {
            if (event.getType() == FrameworkEvent.ERROR && event.getThrowable() != null) {
                error.compareAndSet(null, event.getThrowable());
            }
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        try {
            if (!done.await(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new FeatureException("the framework did not finish refreshing " + names(bundles) + " within "
                        + timeoutSeconds + " s (refreshTimeoutSeconds)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FeatureException("interrupted while waiting for the refresh of " + names(bundles), e);
        }
        if (error.get() != null) {
            LOG.log(System.Logger.Level.WARNING, "refresh of " + names(bundles) + " reported: " + error.get());
        }
    }

    /** Resolves the bundles together; when that fails, names the missing requirement of every unresolved one. */
    void resolveOrExplain(Collection<Bundle> bundles) throws FeatureException {
        if (wiring.resolveBundles(bundles)) {
            return;
        }
        List<String> problems = new ArrayList<>();
        for (Bundle b : bundles) {
            if (b.getState() != Bundle.INSTALLED) {
                continue;
            }
            if (isFragment(b)) {
                problems.add("fragment " + describe(b) + " cannot be attached (its host "
                        + b.getHeaders("").get(Constants.FRAGMENT_HOST) + " or one of its requirements is missing)");
                continue;
            }
            try {
                // The framework names the missing requirement in the exception of a start attempt (Felix: "missing
                // requirement [...] osgi.wiring.package; ..."); it cannot succeed, the bundle is unresolvable.
                b.start(Bundle.START_TRANSIENT);
            } catch (BundleException e) {
                problems.add(describe(b) + " cannot be resolved: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new FeatureException(String.join("; ", problems));
        }
    }

    /** The bundles a refresh of these would stop and restart, including themselves. */
    Set<Bundle> closure(Collection<Bundle> bundles) {
        return new LinkedHashSet<>(wiring.getDependencyClosure(bundles));
    }

    /** Those of the bundles whose previous revision is still wired to other bundles. */
    List<Bundle> removalPending(Collection<Bundle> bundles) {
        List<Bundle> pending = new ArrayList<>(bundles);
        pending.retainAll(wiring.getRemovalPendingBundles());
        return pending;
    }

    static boolean isFragment(Bundle b) {
        BundleRevision revision = b.adapt(BundleRevision.class);
        return revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }

    static String describe(Bundle b) {
        return b.getSymbolicName() + " " + b.getVersion() + " [" + b.getBundleId() + "]";
    }

    /**
     * The framework's message with its cause's: Felix says "Activator start error in bundle x [12]." and keeps what
     * the activator threw in the cause.
     */
    static String reason(Throwable e) {
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !cause.getMessage().equals(e.getMessage())) {
            return e.getMessage() + " " + cause.getMessage();
        }
        return e.getMessage();
    }

    static String names(Collection<Bundle> bundles) {
        List<String> names = new ArrayList<>();
        for (Bundle b : bundles) {
            names.add(describe(b));
        }
        return String.join(", ", names);
    }
}
