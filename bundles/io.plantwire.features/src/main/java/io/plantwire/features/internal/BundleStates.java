package io.plantwire.features.internal;

import static io.plantwire.features.internal.BundleRefresh.describe;
import static io.plantwire.features.internal.BundleRefresh.isFragment;
import static io.plantwire.features.internal.BundleRefresh.names;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

import io.plantwire.features.FeatureException;

/**
 * The state of every bundle when an operation began, by location, and the last part of a rollback that brings it
 * back: refresh what the undos left wired to removed revisions, resolve again what was resolved, start again what ran.
 * By location, because a bundle installed again by an undo has a new id.
 */
final class BundleStates {

    private final BundleContext context;
    private final BundleRefresh refresh;
    private final Map<String, Integer> before = new LinkedHashMap<>();

    BundleStates(BundleContext context, BundleRefresh refresh) {
        this.context = context;
        this.refresh = refresh;
        for (Bundle b : context.getBundles()) {
            before.put(b.getLocation(), b.getState());
        }
    }

    /**
     * @param touched the bundles the operation installed, updated or uninstalled (the old objects of uninstalled ones)
     * @param problems where to add what could not be brought back
     */
    void restore(Collection<Bundle> touched, List<String> problems) {
        List<Bundle> toRefresh = new ArrayList<>();
        for (Bundle b : touched) {
            if (b.getState() == Bundle.UNINSTALLED) {
                toRefresh.add(b);
            }
        }
        for (Bundle b : refresh.removalPending(touched)) {
            if (!toRefresh.contains(b)) {
                toRefresh.add(b);
            }
        }
        try {
            refresh.refresh(toRefresh);
        } catch (FeatureException e) {
            problems.add(e.getMessage());
        }
        List<Bundle> unresolved = new ArrayList<>();
        for (Map.Entry<String, Integer> was : before.entrySet()) {
            Bundle b = context.getBundle(was.getKey());
            if (b == null) {
                problems.add(was.getKey() + " is gone");
            } else if (was.getValue() != Bundle.INSTALLED && b.getState() == Bundle.INSTALLED) {
                unresolved.add(b);
            }
        }
        if (!unresolved.isEmpty() && !refresh.wiring().resolveBundles(unresolved)) {
            problems.add("cannot resolve again " + names(unresolved));
        }
        for (Map.Entry<String, Integer> was : before.entrySet()) {
            Bundle b = context.getBundle(was.getKey());
            int state = was.getValue();
            if (b == null || isFragment(b) || (state != Bundle.ACTIVE && state != Bundle.STARTING)
                    || b.getState() == Bundle.ACTIVE || b.getState() == state) {
                continue;
            }
            try {
                b.start(state == Bundle.STARTING ? Bundle.START_ACTIVATION_POLICY : 0);
            } catch (BundleException | IllegalStateException e) {
                problems.add("cannot start again " + describe(b) + ": " + e.getMessage());
            }
        }
    }
}
