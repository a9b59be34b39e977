package io.plantwire.health.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.plantwire.health.GatewayHealth;
import io.plantwire.health.HealthReport;
import io.plantwire.health.HealthReport.CheckResult;

import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.apache.felix.hc.api.execution.HealthCheckExecutionOptions;
import org.apache.felix.hc.api.execution.HealthCheckExecutionResult;
import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.apache.felix.hc.api.execution.HealthCheckSelector;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * Runs the Plantwire checks through the Felix Health Check executor (which times them out and caches their results)
 * and adds a CRITICAL result for every expected check that is not running, so a check whose component failed can
 * never make the gateway look healthy by its absence.
 */
@Component(service = GatewayHealth.class)
public final class GatewayHealthService implements GatewayHealth {

    private final HealthCheckExecutor executor;
    private final CheckDiagnosis diagnosis;
    private final Clock clock = Clock.systemUTC();

    @Activate
    public GatewayHealthService(BundleContext context, @Reference HealthCheckExecutor executor,
            @Reference ServiceComponentRuntime scr) {
        this.executor = executor;
        this.diagnosis = new CheckDiagnosis(scr, context.getBundle());
    }

    @Override
    public HealthReport report() {
        return report(Set.of());
    }

    @Override
    public HealthReport report(Set<String> tags) {
        Set<String> wanted = new TreeSet<>(tags.isEmpty() ? CheckNames.ALL : tags);
        if (!CheckNames.ALL.containsAll(wanted)) {
            wanted.removeAll(CheckNames.ALL);
            throw new IllegalArgumentException("unknown check tag(s) " + wanted + "; known: " + CheckNames.ALL);
        }
        List<HealthCheckExecutionResult> results = executor.execute(
                HealthCheckSelector.tags(wanted.toArray(String[]::new)),
                new HealthCheckExecutionOptions().setCombineTagsWithOr(true));
        Map<String, CheckResult> byName = new HashMap<>();
        for (HealthCheckExecutionResult r : results) {
            List<String> checkTags = r.getHealthCheckMetadata().getTags();
            String name = r.getHealthCheckMetadata().getName();
            // Only our own checks: another bundle's check with a tag of the same word is not part of the verdict.
            if (checkTags.contains(TAG) && wanted.contains(name)) {
                byName.put(name, toCheckResult(name, r, diagnosis));
            }
        }
        List<CheckResult> checks = new ArrayList<>();
        for (String name : wanted) {
            CheckResult c = byName.get(name);
            checks.add(c != null ? c : new CheckResult(name, Result.Status.CRITICAL.name(),
                    List.of("check not running: " + diagnosis.whyNotRunning(name)), List.of(TAG, name), 0));
        }
        checks.sort(Comparator.comparing(CheckResult::name));
        return new HealthReport(clock.instant(), checks.stream().allMatch(CheckResult::passes), checks);
    }

    private static CheckResult toCheckResult(String name, HealthCheckExecutionResult r, CheckDiagnosis diagnosis) {
        Result result = r.getHealthCheckResult();
        List<String> messages = new ArrayList<>();
        for (ResultLog.Entry e : result) {
            if (!e.isDebug()) {
                // Our checks write clean text; the executor's own entries (a timeout, an exception) are cleaned here.
                messages.add(Finding.foreign(Finding.firstLine(e.getMessage())));
            }
        }
        String status = r.hasTimedOut() ? Result.Status.CRITICAL.name() : result.getStatus().name();
        if (r.hasTimedOut()) {
            messages.add(0, "check timed out after " + r.getElapsedTimeInMs() + " ms");
        } else if (result.getStatus() == Result.Status.HEALTH_CHECK_ERROR) {
            // The executor only says "Exception during execution"; SCR knows which (a failed activation, say).
            messages.add(0, "check could not run: " + diagnosis.whyNotRunning(name));
        }
        return new CheckResult(name, status, messages, r.getHealthCheckMetadata().getTags(), r.getElapsedTimeInMs());
    }
}
