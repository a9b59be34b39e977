package io.plantwire.console.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.plantwire.features.ChangeReport;
import io.plantwire.features.ConfigurationStatus;
import io.plantwire.features.FeatureException;
import io.plantwire.features.FeatureInfo;
import io.plantwire.features.FeatureManager;

/**
 * A FeatureManager for the page's tests: features set by the test, every call recorded as {@code method(argument)},
 * answers and failures chosen per call.
 */
final class FakeFeatureManager implements FeatureManager {

    final List<String> calls = new ArrayList<>();
    final Map<String, FeatureInfo> features = new LinkedHashMap<>();
    final Map<String, List<ConfigurationStatus>> status = new LinkedHashMap<>();
    ChangeReport nextReport = report("subject", List.of(), List.of());
    Exception nextFailure;

    static FeatureInfo feature(String name, boolean installed, int bundles, String... configurations) {
        List<String> b = new ArrayList<>();
        for (int i = 0; i < bundles; i++) {
            b.add("io.plantwire.test:probe." + name + "." + i + ":1.0.0");
        }
        return new FeatureInfo("io.plantwire.test:io.plantwire.feature." + name + ":1.0.0", name,
                "the " + name + " feature", installed, b, List.of(configurations), "/tmp/features/" + name + ".json");
    }

    static ChangeReport report(String subject, List<String> installed, List<String> configurationsCreated) {
        return new ChangeReport(subject, installed, List.of(), List.of(), List.of(), configurationsCreated, List.of(),
                List.of(), List.of());
    }

    FakeFeatureManager with(FeatureInfo f) {
        features.put(f.id(), f);
        return this;
    }

    @Override
    public List<FeatureInfo> features() {
        return List.copyOf(features.values());
    }

    @Override
    public List<ConfigurationStatus> status(String feature) throws FeatureException {
        calls.add("status(" + feature + ")");
        if (!status.containsKey(feature)) {
            throw new FeatureException("feature '" + feature + "' is not installed");
        }
        return status.get(feature);
    }

    @Override
    public ChangeReport installFeature(String feature) throws FeatureException {
        return answer("installFeature", feature);
    }

    @Override
    public ChangeReport updateFeature(String feature) throws FeatureException {
        return answer("updateFeature", feature);
    }

    @Override
    public ChangeReport uninstallFeature(String feature) throws FeatureException {
        return answer("uninstallFeature", feature);
    }

    @Override
    public ChangeReport installBundle(String coordinates) throws FeatureException {
        return answer("installBundle", coordinates);
    }

    @Override
    public ChangeReport updateBundle(String bundle) throws FeatureException {
        return answer("updateBundle", bundle);
    }

    @Override
    public ChangeReport uninstallBundle(String bundle) throws FeatureException {
        return answer("uninstallBundle", bundle);
    }

    /** The calls that change something, without the reads. */
    List<String> changes() {
        return calls.stream().filter(c -> !c.startsWith("status(")).toList();
    }

    private ChangeReport answer(String method, String argument) throws FeatureException {
        calls.add(method + "(" + argument + ")");
        Exception failure = nextFailure;
        nextFailure = null;
        if (failure instanceof FeatureException e) {
            throw e;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        return nextReport;
    }
}
