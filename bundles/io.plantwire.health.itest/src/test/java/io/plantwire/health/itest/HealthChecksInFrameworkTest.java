package io.plantwire.health.itest;

import static io.plantwire.health.itest.Fixture.HEALTH_PID;
import static io.plantwire.health.itest.Fixture.awaitReport;
import static io.plantwire.health.itest.Fixture.check;
import static io.plantwire.health.itest.Fixture.configure;
import static io.plantwire.health.itest.Fixture.delete;
import static io.plantwire.health.itest.Fixture.deleteAndAwaitTaken;
import static io.plantwire.health.itest.Fixture.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.plantwire.api.driver.ConnectionState;
import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.stage.Normalizer;
import io.plantwire.api.stage.SinkStatus;
import io.plantwire.health.GatewayHealth;
import io.plantwire.health.HealthReport;
import io.plantwire.test.support.FileTrees;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;

/**
 * Each check's pass and fail edges, with the real SCR, Config Admin, Felix Health Check executor and pipeline. The
 * tests set device and sink status through their own Driver and Sink services and wait (Awaitility) for the
 * report: results are cached for a second and a new configuration restarts the checks.
 */
class HealthChecksInFrameworkTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin admin;

    @InjectService
    ServiceAware<GatewayHealth> health;

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private Path dataDirectory;

    @BeforeEach
    void thresholds() throws Exception {
        dataDirectory = Files.createTempDirectory("plantwire-health-data");
        configure(admin, HEALTH_PID, Map.of("maxMissedPolls", 3, "maxBacklogRecords", 100L,
                "maxOldestRecordAgeSeconds", 60L, "maxSinkDisconnectedSeconds", 0L, "minFreeDiskBytes", 0L,
                "dataDirectory", dataDirectory.toString()));
        awaitReport(health::getService, r -> check(r, "store").messages().toString().contains(
                dataDirectory.toString()));
    }

    @AfterEach
    void cleanUp() throws Exception {
        registrations.forEach(ServiceRegistration::unregister);
        deleteAndAwaitTaken(admin, HEALTH_PID);
        delete(admin, "io.plantwire.pipeline");
        FileTrees.deleteQuietly(dataDirectory);
    }

    @Test
    void devicePassesWithinItsPollsAndFailsBeyondThem() {
        Fixture.TestDriver driver = new Fixture.TestDriver();
        // 10 s polls, 3 missed allowed: 20 s of silence passes, 40 s fails, with margins no slow machine eats.
        driver.devices = List.of(Fixture.TestDriver.device("meter-1", ConnectionState.CONNECTED,
                Instant.now().minusSeconds(20), ""));
        registrations.add(driver.register(context, 10_000));
        HealthReport ok = awaitReport(health::getService, r -> check(r, "devices").messages().toString()
                .contains("1 of 1 devices"));
        assertThat(check(ok, "devices").status()).isEqualTo("OK");

        driver.devices = List.of(Fixture.TestDriver.device("meter-1", ConnectionState.DISCONNECTED,
                Instant.now().minusSeconds(40), "connect tcp://127.0.0.1:1502: password=hunter2 refused\u001b[31m"));
        HealthReport bad = awaitReport(health::getService, status("devices", "CRITICAL"));
        String messages = check(bad, "devices").messages().toString();
        assertThat(messages).contains("device meter-1", "more than 3 polls of 10000 ms", "state DISCONNECTED")
                .doesNotContain("hunter2").doesNotContain("\u001b");
        assertThat(bad.healthy()).isFalse();
    }

    @Test
    void deviceThatNeverPolledGetsItsPollsAndStoppedDevicesAreNotJudged() {
        Fixture.TestDriver driver = new Fixture.TestDriver();
        driver.devices = List.of(
                Fixture.TestDriver.device("never-polled", ConnectionState.CONNECTING, null, ""),
                Fixture.TestDriver.device("switched-off", ConnectionState.STOPPED, null, ""));
        registrations.add(driver.register(context, 10_000));
        HealthReport report = awaitReport(health::getService, r -> check(r, "devices").messages().toString()
                .contains("1 stopped by configuration"));
        assertThat(check(report, "devices").status()).isEqualTo("OK");
        assertThat(check(report, "devices").messages().toString()).contains("1 of 1 devices");
    }

    @Test
    void driverThatThrowsFailsTheCheck() {
        Fixture.TestDriver driver = new Fixture.TestDriver();
        driver.failure = new IllegalStateException("serial port /dev/ttyS9 vanished");
        registrations.add(driver.register(context, 1000));
        HealthReport report = awaitReport(health::getService, status("devices", "CRITICAL"));
        assertThat(check(report, "devices").messages().toString()).contains("did not report its devices",
                "serial port /dev/ttyS9 vanished");
    }

    @Test
    void sinkFailsOnBacklogOldestRecordAndDisconnection() {
        Fixture.TestSink sink = new Fixture.TestSink();
        sink.status = new SinkStatus(true, 100, 5, 0, "", Instant.now(), Instant.now().minusSeconds(30));
        registrations.add(sink.register(context, "uns-test"));
        awaitReport(health::getService, r -> check(r, "sinks").messages().toString().contains("1 of 1 sinks")
                && check(r, "sinks").status().equals("OK"));

        sink.status = new SinkStatus(true, 101, 5, 0, "", Instant.now(), Instant.now().minusSeconds(30));
        HealthReport backlog = awaitReport(health::getService, status("sinks", "CRITICAL"));
        assertThat(check(backlog, "sinks").messages().toString()).contains("sink uns-test",
                "101 records waiting (maxBacklogRecords=100)");

        sink.status = new SinkStatus(true, 10, 5, 0, "", Instant.now(), Instant.now().minusSeconds(90));
        HealthReport old = awaitReport(health::getService, r -> check(r, "sinks").messages().toString()
                .contains("maxOldestRecordAgeSeconds=60"));
        assertThat(check(old, "sinks").status()).isEqualTo("CRITICAL");

        sink.status = new SinkStatus(false, 0, 5, 0, "broker tcp://127.0.0.1:1883 unreachable", Instant.now(), null);
        HealthReport down = awaitReport(health::getService, r -> check(r, "sinks").messages().toString()
                .contains("disconnected for"));
        assertThat(check(down, "sinks").messages().toString()).contains("broker tcp://127.0.0.1:1883 unreachable");

        sink.status = new SinkStatus(true, 0, 6, 0, "", Instant.now(), null);
        awaitReport(health::getService, status("sinks", "OK"));
    }

    @Test
    void sinkDisconnectionIsToleratedForTheConfiguredTime() throws Exception {
        configure(admin, HEALTH_PID, Map.of("maxSinkDisconnectedSeconds", 3600L, "minFreeDiskBytes", 0L,
                "dataDirectory", dataDirectory.toString()));
        awaitReport(health::getService, r -> true);
        Fixture.TestSink sink = new Fixture.TestSink();
        sink.status = new SinkStatus(false, 0, 0, 0, "reconnecting", null, null);
        registrations.add(sink.register(context, "briefly-down"));
        HealthReport report = awaitReport(health::getService, r -> check(r, "sinks").messages().toString()
                .contains("1 of 1 sinks"));
        assertThat(check(report, "sinks").status()).isEqualTo("OK");
    }

    @Test
    void sinkDisconnectedLongerThanTheToleranceFailsAndNeverPolledDeviceFailsAfterItsPolls() throws Exception {
        // The checks remember over time (since when a sink is down, when a device was first seen): after the
        // tolerance the same observation must fail.
        configure(admin, HEALTH_PID, Map.of("maxSinkDisconnectedSeconds", 2L, "minFreeDiskBytes", 0L,
                "dataDirectory", dataDirectory.toString()));
        awaitReport(health::getService, r -> true);
        Fixture.TestSink sink = new Fixture.TestSink();
        sink.status = new SinkStatus(false, 0, 0, 0, "reconnecting", null, null);
        registrations.add(sink.register(context, "long-down"));
        Fixture.TestDriver driver = new Fixture.TestDriver();
        driver.devices = List.of(Fixture.TestDriver.device("never-polled", ConnectionState.CONNECTING, null, ""));
        registrations.add(driver.register(context, 300));
        HealthReport report = awaitReport(health::getService, r -> check(r, "sinks").status().equals("CRITICAL")
                && check(r, "devices").status().equals("CRITICAL"));
        assertThat(check(report, "sinks").messages().toString()).contains("sink long-down: disconnected for",
                "(maxSinkDisconnectedSeconds=2)");
        assertThat(check(report, "devices").messages().toString()).contains("device never-polled",
                "has had no good poll in", "more than 3 polls of 300 ms");
    }

    @Test
    void missingRequiredStageFailsUntilItIsThere() throws Exception {
        configure(admin, "io.plantwire.pipeline", Map.of("requiredStages", new String[] {"probe-normalizer"}));
        HealthReport missing = awaitReport(health::getService, status("pipeline", "CRITICAL"));
        assertThat(check(missing, "pipeline").messages().toString()).contains("required stage probe-normalizer is missing");

        Map<String, Object> props = Map.of("plantwire.stage.name", "probe-normalizer");
        registrations.add(context.registerService(Normalizer.class, (Normalizer) (AssetRecord r) -> r,
                new java.util.Hashtable<>(props)));
        HealthReport present = awaitReport(health::getService, status("pipeline", "OK"));
        assertThat(check(present, "pipeline").messages().toString()).contains("no required stage missing");
    }

    @Test
    void storeCheckFailsBelowTheFreeSpaceFloor() throws Exception {
        HealthReport ok = awaitReport(health::getService, status("store", "OK"));
        assertThat(check(ok, "store").messages().toString()).contains("MiB free");

        configure(admin, HEALTH_PID, Map.of("minFreeDiskBytes", Long.MAX_VALUE,
                "dataDirectory", dataDirectory.resolve("not-yet-created").toString()));
        HealthReport low = awaitReport(health::getService, status("store", "CRITICAL"));
        assertThat(check(low, "store").messages().toString()).contains("below minFreeDiskBytes=" + Long.MAX_VALUE);
    }

    @Test
    void invalidThresholdsStopEveryCheckAndSayWhich() throws Exception {
        configure(admin, HEALTH_PID, Map.of("maxMissedPolls", 0));
        HealthReport report = awaitReport(health::getService, r -> !r.healthy()
                && check(r, "devices").messages().toString().contains("maxMissedPolls=0"));
        assertThat(report.checks()).extracting(HealthReport.CheckResult::name)
                .containsExactly("devices", "features", "pipeline", "sinks", "store");
        // The three checks that use thresholds fail, naming the field and value; the other two still run.
        for (String name : List.of("devices", "sinks", "store")) {
            assertThat(check(report, name).passes()).as(name).isFalse();
            assertThat(check(report, name).messages().toString()).as(name)
                    .contains("io.plantwire.health: maxMissedPolls=0 is below the minimum 1");
        }

        configure(admin, HEALTH_PID, Map.of("dataDirectory", "relative/data"));
        HealthReport relative = awaitReport(health::getService, r -> check(r, "store").messages().toString()
                .contains("dataDirectory='relative/data' is not an absolute path"));
        assertThat(relative.healthy()).isFalse();
    }
}
