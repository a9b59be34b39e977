package io.plantwire.driver.tck.itest;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.engine.JupiterTestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the kit against one driver with the JUnit Platform Launcher, inside this framework, and keeps the outcome of
 * every check by method name: what an OEM's build would report.
 */
final class KitRun implements TestExecutionListener {

    final Set<String> passed = new TreeSet<>();
    final Map<String, String> failed = new TreeMap<>();
    final Map<String, String> skipped = new TreeMap<>();

    /** Runs every check of the kit subclass and returns the outcomes. */
    static KitRun of(Class<?> kitSubclass) {
        KitRun run = new KitRun();
        // The Jupiter engine is added by hand: ServiceLoader discovery does not see across bundles.
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder().enableTestEngineAutoRegistration(false)
                .enableLauncherSessionListenerAutoRegistration(false).enableLauncherDiscoveryListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false).enableTestExecutionListenerAutoRegistration(false)
                .addTestEngines(new JupiterTestEngine()).build());
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(kitSubclass)).build(), run);
        return run;
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        name(test).ifPresentOrElse(n -> skipped.put(n, reason), () -> { });
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        name(test).ifPresent(n -> {
            if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                passed.add(n);
            } else if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
                skipped.put(n, String.valueOf(result.getThrowable().map(Throwable::getMessage).orElse("")));
            } else {
                failed.put(n, result.getThrowable().map(Throwable::toString).orElse("failed"));
            }
        });
    }

    private static java.util.Optional<String> name(TestIdentifier test) {
        return test.getSource().filter(MethodSource.class::isInstance).map(s -> ((MethodSource) s).getMethodName());
    }

    /** Every check that ran, whatever its outcome. */
    Set<String> all() {
        Set<String> all = new TreeSet<>(passed);
        all.addAll(failed.keySet());
        all.addAll(skipped.keySet());
        return all;
    }

    @Override
    public String toString() {
        return "passed " + passed + "\nfailed " + failed + "\nskipped " + skipped;
    }
}
