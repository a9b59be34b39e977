package io.plantwire.health.itest;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.plantwire.api.driver.ConnectionState;

import io.plantwire.api.driver.DeviceStatus;
import io.plantwire.api.driver.Driver;
import io.plantwire.api.driver.WriteRequest;
import io.plantwire.api.driver.WriteResult;
import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.stage.Sink;
import io.plantwire.api.stage.SinkStatus;
import io.plantwire.health.GatewayHealth;
import io.plantwire.health.HealthReport;

import org.awaitility.core.ConditionTimeoutException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** What the tests share: configuring the thresholds, and drivers and sinks whose status a test sets. */
final class Fixture {

    static final String HEALTH_PID = "io.plantwire.health";
    static final Duration WAIT = Duration.ofSeconds(20);

    private Fixture() {
    }

    /** Replaces the thresholds' configuration (location "?": any bundle may take it). */
    static void configure(ConfigurationAdmin admin, String pid, Map<String, Object> values) throws Exception {
        Configuration c = admin.getConfiguration(pid, "?");
        Dictionary<String, Object> props = new Hashtable<>(values);
        c.update(props);
    }

    static void delete(ConfigurationAdmin admin, String pid) throws Exception {
        Configuration[] found = admin.listConfigurations("(service.pid=" + pid + ")");
        if (found != null) {
            for (Configuration c : found) {
                c.delete();
            }
        }
    }

    /**
     * Deletes a configuration and waits until SCR has taken the deletion (no health component configured from that
     * PID any more). Without the wait, a test that creates the PID again at once can race SCR's handling of the
     * deletion: SCR then takes the new configuration's update for one it has already seen (same change count) and
     * keeps the old values, so the next test ran against the previous test's thresholds.
     */
    static void deleteAndAwaitTaken(ConfigurationAdmin admin, String pid) throws Exception {
        delete(admin, pid);
        try {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> !configuredFrom(pid));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("SCR still uses the deleted configuration " + pid + "; components: "
                    + components(), e);
        }
    }

    private static boolean configuredFrom(String pid) {
        BundleContext context = FrameworkUtil.getBundle(Fixture.class).getBundleContext();
        ServiceReference<ServiceComponentRuntime> ref = context.getServiceReference(ServiceComponentRuntime.class);
        ServiceComponentRuntime scr = context.getService(ref);
        try {
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
                if (d.bundle.symbolicName.equals("io.plantwire.health")) {
                    for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                        if (pid.equals(c.properties.get("service.pid"))) {
                            return true;
                        }
                    }
                }
            }
            return false;
        } finally {
            context.ungetService(ref);
        }
    }

    /** Waits until the report (asked again and again: results are cached for a second) satisfies the condition. */
    static HealthReport awaitReport(Supplier<GatewayHealth> health, Predicate<HealthReport> condition) {
        HealthReport[] last = new HealthReport[1];
        try {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                last[0] = health.get().report();
                return condition.test(last[0]);
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the report did not get there; last one: " + last[0] + "; components: "
                    + components(), e);
        }
        return last[0];
    }

    /** The health bundle's components and their states, for a failure message. */
    static String components() {
        BundleContext context = FrameworkUtil.getBundle(Fixture.class).getBundleContext();
        ServiceReference<ServiceComponentRuntime> ref = context.getServiceReference(ServiceComponentRuntime.class);
        ServiceComponentRuntime scr = context.getService(ref);
        try {
            StringBuilder out = new StringBuilder();
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
                if (d.bundle.symbolicName.equals("io.plantwire.health")) {
                    out.append(d.name.substring(d.name.lastIndexOf('.') + 1)).append('=');
                    for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                        out.append(c.state).append(' ').append(c.properties.get("maxMissedPolls")).append(' ')
                                .append(Finding.firstLine(c.failure)).append(';');
                    }
                    out.append(' ');
                }
            }
            return out.toString();
        } finally {
            context.ungetService(ref);
        }
    }

    private static final class Finding {
        static String firstLine(String s) {
            return s == null ? "" : s.lines().findFirst().orElse("");
        }
    }

    static HealthReport.CheckResult check(HealthReport report, String name) {
        return report.checks().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + report));
    }

    static Predicate<HealthReport> status(String check, String status) {
        return r -> check(r, check).status().equals(status);
    }

    /** A driver whose device status the test sets. */
    static final class TestDriver implements Driver {
        volatile List<DeviceStatus> devices = List.of();
        volatile RuntimeException failure;

        @Override
        public String driverType() {
            return "test";
        }

        @Override
        public List<DeviceStatus> deviceStatus() {
            if (failure != null) {
                throw failure;
            }
            return devices;
        }

        @Override
        public CompletionStage<WriteResult> write(WriteRequest request) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("read-only test driver"));
        }

        static DeviceStatus device(String id, ConnectionState state, Instant lastGoodPoll, String lastError) {
            return new DeviceStatus(id, "test", "tcp://127.0.0.1:1502 unit 1", state, lastGoodPoll, lastError,
                    lastError.isEmpty() ? null : Instant.now(), 10, 0, 100, 100, 100);
        }

        ServiceRegistration<Driver> register(BundleContext context, long pollIntervalMs) {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("pollIntervalMs", pollIntervalMs);
            return context.registerService(Driver.class, this, props);
        }
    }

    /** A sink whose status the test sets. */
    static final class TestSink implements Sink {
        volatile SinkStatus status = new SinkStatus(true, 0, 0, 0, "", null, null);

        @Override
        public void accept(AssetRecord record) {
            // The pipeline routes nothing in these tests; a record would just be dropped.
        }

        @Override
        public SinkStatus status() {
            return status;
        }

        ServiceRegistration<Sink> register(BundleContext context, String name) {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("plantwire.stage.name", name);
            return context.registerService(Sink.class, this, props);
        }
    }
}
