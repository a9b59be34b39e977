package io.plantwire.driver.modbus.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Callable;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import io.plantwire.api.driver.ConnectionState;
import io.plantwire.api.driver.Driver;
import io.plantwire.api.driver.WriteRequest;
import io.plantwire.api.driver.WriteResult;
import io.plantwire.api.model.DeviceReading;
import io.plantwire.api.model.Value;
import io.plantwire.api.stage.Mapper;
import io.plantwire.api.stage.StageProperties;
import io.plantwire.simulator.modbus.ModbusTcpServer;
import io.plantwire.simulator.modbus.SimulatedDevice;

/**
 * The Modbus driver and simulator bundles with the real pipeline in Felix: devices come and go with their
 * configurations, readings reach the pipeline's mappers, and a bundle update leaves no thread or socket behind.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class ModbusDriverInFrameworkTest {

    private static final String DEVICE_PID = "io.plantwire.driver.modbus.device";
    private static final String SIMULATOR_PID = "io.plantwire.simulator.modbus.device";
    private static final Duration GENEROUS = Duration.ofSeconds(30);
    /** io.plantwire.driver.support's default threads per driver bundle. */
    private static final int DEFAULT_POOL = 8;

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 5000)
    ConfigurationAdmin configAdmin;

    @InjectService(timeout = 5000)
    ServiceComponentRuntime scr;

    private final List<Configuration> configurations = new ArrayList<>();
    private final Map<String, List<DeviceReading>> readings = new ConcurrentHashMap<>();
    private ServiceRegistration<Mapper> observer;
    private int port;

    /** A mapper that maps nothing: it only records what the pipeline hands it. */
    private final Mapper recordingMapper = (reading, out) -> readings
            .computeIfAbsent(reading.deviceId(), k -> new CopyOnWriteArrayList<>()).add(reading);

    @BeforeEach
    void setUp() throws Exception {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(StageProperties.STAGE_NAME, "modbus-itest-observer");
        observer = context.registerService(Mapper.class, recordingMapper, props);
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        // The reference scenario's devices: three power meters and the temperature reader, one port, four units.
        simulator(1, "power-meter");
        simulator(2, "power-meter");
        simulator(3, "power-meter");
        simulator(4, "temperature-reader");
        await("4 simulated devices", () -> simulatedDevices() == 4);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Configuration c : configurations) {
            try {
                c.delete();
            } catch (IllegalStateException alreadyDeleted) {
                // deleted by the test
            }
        }
        observer.unregister();
        await("driver threads gone", () -> driverThreads().isEmpty());
        await("simulator threads gone", () -> threadsStartingWith(ModbusTcpServer.THREAD_PREFIX).isEmpty());
    }

    private int simulatedDevices() {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences(SimulatedDevice.class.getName(), "(port=" + port + ")");
            return refs == null ? 0 : refs.length;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void simulator(int unitId, String profile) throws IOException {
        Configuration c = configAdmin.getFactoryConfiguration(SIMULATOR_PID, "sim-" + unitId, "?");
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("port", port);
        p.put("unitId", unitId);
        p.put("profile", profile);
        c.update(p);
        configurations.add(c);
    }

    private Configuration meter(String deviceId, int unitId) throws IOException {
        Configuration c = configAdmin.getFactoryConfiguration(DEVICE_PID, deviceId, "?");
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("deviceId", deviceId);
        p.put("port", port);
        p.put("unitId", unitId);
        p.put("pollIntervalMs", 100);
        p.put("points", new String[] {"voltage,,4x00001,float32,ABCD,V", "current,,4x00003,float32,ABCD,A",
                "activePower,,4x00005,float32,ABCD,kW", "energy,,4x00007,float32,ABCD,kWh"});
        c.update(p);
        configurations.add(c);
        return c;
    }

    private int count(String deviceId) {
        return readings.getOrDefault(deviceId, List.of()).size();
    }

    private static List<String> threadsStartingWith(String prefix) {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith(prefix)) {
                names.add(t.getName());
            }
        }
        return names;
    }

    /**
     * Poll threads of the driver bundle: its devices share one bounded pool from the support library's scheduler
     * service, plantwire-modbus-1..n (the simulator's threads share the prefix, so they are left out).
     */
    private static List<String> driverThreads() {
        List<String> names = threadsStartingWith("plantwire-modbus-");
        names.removeIf(n -> n.startsWith(ModbusTcpServer.THREAD_PREFIX));
        return names;
    }

    private static void await(String what, Callable<Boolean> condition) {
        Awaitility.await(what).atMost(GENEROUS).pollInterval(Duration.ofMillis(20)).until(condition);
    }

    /** The Driver services registered for a device id (Driver.DEVICE_ID). */
    private int driverServices(String deviceId) {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences(Driver.class.getName(),
                    "(" + Driver.DEVICE_ID + "=" + deviceId + ")");
            return refs == null ? 0 : refs.length;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aDeviceConfigurationAppearsAndItsReadingsReachThePipeline() throws Exception {
        meter("meter-1", 1);
        await("3 readings of meter-1", () -> count("meter-1") >= 3);
        DeviceReading r = readings.get("meter-1").get(2);
        assertThat(r.points().keySet()).containsExactly("voltage", "current", "activePower", "energy");
        assertThat(r.points().values()).allMatch(s -> s.quality().isGood());
        assertThat(r.point("voltage").value().asDouble()).isBetween(220.0, 240.0);
        assertThat(r.point("energy").unit()).isEqualTo("kWh");

        ServiceReference<Driver>[] drivers = context.getServiceReferences(Driver.class, "(deviceId=meter-1)")
                .toArray(new ServiceReference[0]);
        assertThat(drivers).hasSize(1);
        Driver driver = context.getService(drivers[0]);
        try {
            assertThat(driver.deviceStatus()).singleElement().satisfies(s -> {
                assertThat(s.state()).isEqualTo(ConnectionState.CONNECTED);
                assertThat(s.endpoint()).isEqualTo("tcp://127.0.0.1:" + port + " unit 1");
                assertThat(s.requests()).isPositive();
                // API 1.2: the support library counts every answered request in the round-trip histogram.
                assertThat(s.roundTrips().totalCount()).isPositive().isLessThanOrEqualTo(s.requests());
                assertThat(s.errorsByReason()).isEmpty();
            });
            // A write through the service reaches the simulated meter and is confirmed by reading it back.
            Configuration c = configAdmin.getFactoryConfiguration(DEVICE_PID, "meter-1", "?");
            Hashtable<String, Object> p = new Hashtable<>();
            for (String k : java.util.Collections.list(c.getProperties().keys())) {
                p.put(k, c.getProperties().get(k));
            }
            p.put("points", new String[] {"voltage,,4x00001,float32,ABCD,V", "current,,4x00003,float32,ABCD,A",
                    "activePower,,4x00005,float32,ABCD,kW", "energy,,4x00007,float32,ABCD,kWh", "demandLimit,,4x00101,float32,ABCD,W"});
            c.update(p);
        } finally {
            context.ungetService(drivers[0]);
        }
        await("reconfigured meter-1 reads demandLimit", () -> readings.get("meter-1").stream().anyMatch(x -> x.point("demandLimit") != null));
        ServiceReference<Driver> ref = context.getServiceReferences(Driver.class, "(deviceId=meter-1)").iterator().next();
        Driver reconfigured = context.getService(ref);
        try {
            WriteResult w = reconfigured.write(new WriteRequest("meter-1", "demandLimit", Value.of(42_000.0), true))
                    .toCompletableFuture().get(GENEROUS.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertThat(w.confirmed()).isTrue();
            SimulatedDevice meter = context.getService(context.getServiceReferences(SimulatedDevice.class, "(&(port=" + port + ")(unitId=1))").iterator().next());
            assertThat(meter.registers().holdingFloat(SimulatedDevice.PM_DEMAND_LIMIT)).isEqualTo(42_000f);
        } finally {
            context.ungetService(drivers[0]);
        }
    }

    @Test
    void aSecondDeviceKeepsPollingWhileTheFirstIsDeletedAndRecreated() throws Exception {
        Configuration first = meter("meter-1", 1);
        meter("meter-2", 2);
        await("both polling", () -> count("meter-1") >= 3 && count("meter-2") >= 3);

        first.delete();
        await("meter-1 driver gone", () -> driverServices("meter-1") == 0);
        int meter1AfterDelete = count("meter-1");
        int meter2AfterDelete = count("meter-2");
        await("meter-2 polls on", () -> count("meter-2") >= meter2AfterDelete + 5);
        assertThat(count("meter-1")).isEqualTo(meter1AfterDelete);

        meter("meter-1", 1);
        await("meter-1 back", () -> count("meter-1") >= meter1AfterDelete + 3);
        assertThat(readings.get("meter-2")).allSatisfy(r -> assertThat(r.points().values()).allMatch(s -> s.quality().isGood()));
        // Two devices, one pool: never more threads than the pool has.
        assertThat(driverThreads()).isNotEmpty().hasSizeLessThanOrEqualTo(DEFAULT_POOL);
    }

    @Test
    void updatingTheDriverBundleLeavesNoThreadsOrSocketsBehind() throws Exception {
        meter("meter-1", 1);
        meter("meter-2", 2);
        meter("meter-3", 3);
        await("three devices polling", () -> count("meter-1") >= 2 && count("meter-2") >= 2 && count("meter-3") >= 2);
        assertThat(driverThreads()).isNotEmpty().hasSizeLessThanOrEqualTo(DEFAULT_POOL);
        // One simulator thread per open master connection: it ends when the driver closes its socket.
        String connPrefix = ModbusTcpServer.THREAD_PREFIX + port + "-conn-";
        assertThat(threadsStartingWith(connPrefix)).hasSize(3);

        Bundle driverBundle = bundle("io.plantwire.driver.modbus");
        for (int i = 0; i < 3; i++) {
            driverBundle.update();
            await("devices back after update " + i, () -> driverServices("meter-1") + driverServices("meter-2")
                    + driverServices("meter-3") == 3);
        }
        int polled = count("meter-1");
        await("polling after the updates", () -> count("meter-1") >= polled + 3);
        // The old bundle's pool stopped with it: only the new one's threads are left.
        assertThat(driverThreads()).isNotEmpty().hasSizeLessThanOrEqualTo(DEFAULT_POOL);
        await("one simulator connection per device", () -> threadsStartingWith(connPrefix).size() == 3);

        driverBundle.stop();
        try {
            await("no driver thread while the bundle is stopped", () -> driverThreads().isEmpty());
            await("no connection while the bundle is stopped", () -> threadsStartingWith(connPrefix).isEmpty());
        } finally {
            driverBundle.start();
        }
        await("devices back after restart", () -> driverServices("meter-1") + driverServices("meter-2")
                + driverServices("meter-3") == 3);
    }

    @Test
    void anInvalidDeviceConfigurationFailsWithFieldAndValueWhileOthersPoll() throws Exception {
        meter("meter-2", 2);
        Configuration bad = configAdmin.getFactoryConfiguration(DEVICE_PID, "bad-meter", "?");
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("deviceId", "bad-meter");
        p.put("port", port);
        p.put("points", new String[] {"voltage,,4x00001,float32,ABCD,V", "current,,40003,float32"});
        bad.update(p);
        configurations.add(bad);
        await("meter-2 polling", () -> count("meter-2") >= 3);
        ComponentDescriptionDTO description = scr.getComponentDescriptionDTOs(bundle("io.plantwire.driver.modbus")).stream()
                .filter(d -> d.name.endsWith("ModbusDeviceComponent")).findFirst().orElseThrow();
        await("bad-meter failed activation", () -> scr.getComponentConfigurationDTOs(description).stream()
                .anyMatch(c -> c.state == ComponentConfigurationDTO.FAILED_ACTIVATION));
        ComponentConfigurationDTO failed = scr.getComponentConfigurationDTOs(description).stream()
                .filter(c -> c.state == ComponentConfigurationDTO.FAILED_ACTIVATION).findFirst().orElseThrow();
        assertThat(failed.properties.get("deviceId")).isEqualTo("bad-meter");
        assertThat(failed.failure).contains("points line 2, field 'table'").contains("4x00001");
        assertThat(count("bad-meter")).isZero();
        assertThat(driverThreads()).hasSizeLessThanOrEqualTo(DEFAULT_POOL);
    }

    @Test
    void twentyDevicesShareTheBundlesBoundedPool() throws Exception {
        for (int i = 0; i < 20; i++) {
            meter("m-" + i, 1 + i % 3);
        }
        await("20 devices polling", () -> {
            for (int i = 0; i < 20; i++) {
                if (count("m-" + i) < 3) {
                    return false;
                }
            }
            return true;
        });
        assertThat(driverThreads()).isNotEmpty().hasSizeLessThanOrEqualTo(DEFAULT_POOL);
        for (int i = 0; i < 20; i++) {
            assertThat(readings.get("m-" + i)).allSatisfy(r -> assertThat(r.points().values()).allMatch(s -> s.quality().isGood()));
        }
    }

    @Test
    void thePoolSizeIsConfiguredForEveryDriverBundleAndChangesLive() throws Exception {
        for (int i = 0; i < 12; i++) {
            meter("p-" + i, 1 + i % 3);
        }
        await("12 devices polling", () -> count("p-0") >= 2 && count("p-11") >= 2);
        Configuration scheduler = configAdmin.getConfiguration("io.plantwire.driver.scheduler", "?");
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("threadsPerDriverBundle", 2);
        scheduler.update(p);
        configurations.add(scheduler);
        // Threads above the new size end when they are next idle; polling goes on meanwhile.
        await("pool shrunk to 2", () -> driverThreads().size() <= 2);
        int before = count("p-5");
        await("polling on 2 threads", () -> count("p-5") >= before + 3);
        assertThat(readings.get("p-5")).allSatisfy(r -> assertThat(r.points().values()).allMatch(s -> s.quality().isGood()));
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("bundle " + symbolicName + " is not installed");
    }
}
