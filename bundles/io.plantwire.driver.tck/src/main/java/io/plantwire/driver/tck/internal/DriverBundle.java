package io.plantwire.driver.tck.internal;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

/** The bundle under test: found by symbolic name, updated (and refreshed), stopped and started like a field update. */
public final class DriverBundle {

    private final BundleContext context;
    private final String symbolicName;

    public DriverBundle(BundleContext context, String symbolicName) {
        this.context = context;
        this.symbolicName = symbolicName;
    }

    /** The bundle, or an AssertionError that says what is installed instead. */
    public Bundle bundle() {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("the driver bundle '" + symbolicName + "' is not installed in the test framework: "
                + "add it to the bndrun's -runrequires (DriverUnderTest.bundleSymbolicName() names it)");
    }

    /** The class loader of the bundle's current revision, weakly held: it must go once the revision is replaced. */
    public WeakReference<ClassLoader> currentClassLoader() {
        BundleWiring wiring = bundle().adapt(BundleWiring.class);
        return new WeakReference<>(wiring == null ? null : wiring.getClassLoader());
    }

    /**
     * Updates the bundle from its location and refreshes it, as a field update does, and returns when the framework
     * has finished the refresh.
     */
    public void updateAndRefresh() throws BundleException, InterruptedException {
        Bundle b = bundle();
        b.update();
        CountDownLatch refreshed = new CountDownLatch(1);
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_ID).adapt(FrameworkWiring.class);
        wiring.refreshBundles(List.of(b), e -> {
            if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED || e.getType() == FrameworkEvent.ERROR) {
                refreshed.countDown();
            }
        });
        if (!refreshed.await(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the framework did not finish refreshing '" + symbolicName + "' within 60 s");
        }
        if (b.getState() != Bundle.ACTIVE) {
            throw new AssertionError("the driver bundle '" + symbolicName + "' is not ACTIVE after an update (state "
                    + b.getState() + ")");
        }
    }

    public void stop() throws BundleException {
        bundle().stop();
    }

    public void start() throws BundleException {
        bundle().start();
    }
}
