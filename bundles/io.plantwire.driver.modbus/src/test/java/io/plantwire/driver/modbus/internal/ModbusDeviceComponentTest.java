package io.plantwire.driver.modbus.internal;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.plantwire.driver.support.DeviceThreadPool;

import io.plantwire.api.driver.ConnectionState;
import io.plantwire.api.driver.DeviceWriteException;
import io.plantwire.api.driver.WriteRequest;
import io.plantwire.api.driver.WriteResult;
import io.plantwire.api.model.DeviceReading;
import io.plantwire.api.model.Value;
import io.plantwire.simulator.modbus.ModbusTcpServer;
import io.plantwire.simulator.modbus.Profile;
import io.plantwire.simulator.modbus.SimulatedDevice;

/** The component as DS drives it: activate with a configuration, poll on the shared pool, deactivate without leaks. */
class ModbusDeviceComponentTest {

    private ModbusTcpServer server;
    private SimulatedDevice meter;
    private final CollectingIntake intake = new CollectingIntake();
    /** What the bundle-scoped scheduler service gives the bundle's devices in the gateway. */
    private final DeviceThreadPool scheduler = new DeviceThreadPool("modbus-test", 2);

    @BeforeEach
    void start() throws Exception {
        server = ModbusTcpServer.start("127.0.0.1", 0);
        meter = new SimulatedDevice(3, Profile.POWER_METER, 0, 3);
        server.addDevice(meter);
    }

    @AfterEach
    void stop() {
        scheduler.close();
        server.close();
    }

    private static long threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
    }

    @Test
    void pollsEachGroupAtItsRateAndLeavesNothingBehind(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("meter-3.csv");
        Files.writeString(csv, "name,address,type,unit,pollMs\n"
                + "voltage,4x00001,float32,V,50\n"
                + "power,4x00005,float32,kW,50\n"
                + "energy,4x00007,float32,kWh,\n"
                + "breaker,0x00001,bool,,\n");
        ModbusDeviceComponent c = new ModbusDeviceComponent(intake, scheduler, TestConfigs.device("deviceId", "meter-3",
                "port", server.port(), "unitId", 3, "pollIntervalMs", 400, "pointsFile", csv.toString()));
        try {
            // No thread of its own: the device polls on the bundle's pool.
            assertThat(threadsNamed("plantwire-modbus-test-")).isBetween(1L, 2L);
            await("fast group polled 5 times").atMost(Duration.ofSeconds(20)).until(() -> intake.readings().stream().filter(r -> r.point("voltage") != null).count() >= 5);
            List<DeviceReading> readings = intake.readings();
            DeviceReading fast = readings.stream().filter(r -> r.point("voltage") != null).findFirst().orElseThrow();
            assertThat(fast.points().keySet()).containsExactly("voltage", "power");
            assertThat(fast.deviceId()).isEqualTo("meter-3");
            assertThat(fast.point("voltage").value().asDouble()).isBetween(220.0, 240.0);
            assertThat(fast.point("voltage").unit()).isEqualTo("V");
            await("slow group polled").atMost(Duration.ofSeconds(20)).until(() -> intake.readings().stream().anyMatch(r -> r.point("energy") != null));
            DeviceReading slow = intake.readings().stream().filter(r -> r.point("energy") != null).findFirst().orElseThrow();
            assertThat(slow.points().keySet()).containsExactly("energy", "breaker");
            assertThat(slow.point("breaker").value()).isEqualTo(Value.TRUE);
            assertThat(c.deviceStatus()).singleElement().satisfies(s -> {
                assertThat(s.state()).isEqualTo(ConnectionState.CONNECTED);
                assertThat(s.driverType()).isEqualTo("modbus");
            });

            WriteResult w = c.write(new WriteRequest("meter-3", "breaker", Value.FALSE, true)).toCompletableFuture().get(20, TimeUnit.SECONDS);
            assertThat(w.confirmed()).isTrue();
            assertThat(meter.registers().coil(SimulatedDevice.PM_BREAKER_COIL)).isFalse();
            assertThat(c.write(new WriteRequest("meter-9", "breaker", Value.TRUE, false)).toCompletableFuture())
                    .failsWithin(java.time.Duration.ofSeconds(20)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCauseInstanceOf(DeviceWriteException.class);
        } finally {
            c.deactivate();
        }
        assertThat(c.deviceStatus().get(0).state()).isEqualTo(ConnectionState.STOPPED);
        int count = intake.readings().size();
        // A quiet window, on purpose: nothing may be submitted after deactivate, and only waiting can show it.
        Thread.sleep(200);
        assertThat(intake.readings()).hasSize(count);
    }

    @Test
    void readNowReadsEveryGroupOnceWithoutSubmitting(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("meter-3.csv");
        Files.writeString(csv, "name,address,type,unit,pollMs\n"
                + "voltage,4x00001,float32,V,\n"
                + "breaker,0x00001,bool,,1800000\n");
        // Poll intervals of one hour and half an hour: after the first polls, only readNow reads.
        ModbusDeviceComponent c = new ModbusDeviceComponent(intake, scheduler, TestConfigs.device("deviceId", "meter-3",
                "port", server.port(), "unitId", 3, "pollIntervalMs", 3_600_000, "pointsFile", csv.toString()));
        try {
            await("first poll of both groups").atMost(Duration.ofSeconds(20)).until(() -> intake.readings().size() == 2);
            long requests = c.deviceStatus().get(0).requests();

            List<DeviceReading> now = c.readNow().toCompletableFuture().get(20, TimeUnit.SECONDS);

            assertThat(now).hasSize(2);
            assertThat(now).flatExtracting(r -> r.points().keySet()).containsExactlyInAnyOrder("voltage", "breaker");
            assertThat(now).allSatisfy(r -> assertThat(r.deviceId()).isEqualTo("meter-3"));
            DeviceReading volts = now.stream().filter(r -> r.point("voltage") != null).findFirst().orElseThrow();
            assertThat(volts.point("voltage").quality().isGood()).isTrue();
            assertThat(volts.point("voltage").value().asDouble()).isBetween(220.0, 240.0);
            // The dry run moves no counter (API 1.2 / issue 12; before the support library it counted its requests).
            assertThat(c.deviceStatus().get(0).requests()).isEqualTo(requests);
            assertThat(intake.readings()).hasSize(2); // nothing submitted
        } finally {
            c.deactivate();
        }
        assertThat(c.readNow().toCompletableFuture()).failsWithin(java.time.Duration.ofSeconds(5))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withMessageContaining("device 'meter-3' is stopping");
    }

    @Test
    void invalidConfigurationNamesTheFieldAndTheValue(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> new ModbusDeviceComponent(intake, scheduler, TestConfigs.device("deviceId", "m", "port", 0, "points", new String[] {"a,holding,0,int16"})))
                .hasMessage("port: '0' must be 1-65535");
        assertThatThrownBy(() -> new ModbusDeviceComponent(intake, scheduler, TestConfigs.device("deviceId", "m", "maxRegistersPerRequest", 126, "points", new String[] {"a,holding,0,int16"})))
                .hasMessage("maxRegistersPerRequest: '126' must be 1-125 (the Modbus limit for reads)");
        assertThatThrownBy(() -> new ModbusDeviceComponent(intake, scheduler, TestConfigs.device("deviceId", "bad id", "points", new String[] {"a,holding,0,int16"})))
                .hasMessageStartingWith("deviceId: 'bad id'");
        assertThatThrownBy(() -> new ModbusDeviceComponent(intake, scheduler, TestConfigs.device("deviceId", "m", "transport", "udp", "points", new String[] {"a,holding,0,int16"})))
                .hasMessage("transport: 'udp' is not one of tcp, rtu-over-tcp, serial-rtu");
        assertThatThrownBy(() -> new ModbusDeviceComponent(intake, scheduler, TestConfigs.device("deviceId", "m")))
                .hasMessageStartingWith("points:").hasMessageContaining("define no point");
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "# tank farm\nlevel,holding,0,int16\nlevel2,holding,1,int61\n");
        assertThatThrownBy(() -> new ModbusDeviceComponent(intake, scheduler, TestConfigs.device("deviceId", "m", "pointsFile", csv.toString())))
                .hasMessageContaining(csv + " line 3, field 'type': 'int61'");
        assertThat(scheduler.queued()).isZero(); // nothing was scheduled for the rejected configurations
    }

    @Test
    void unreachableDeviceIsReportedBadWhileTheComponentKeepsRunning() throws Exception {
        int port = J2modSlave.freePort();
        ModbusDeviceComponent c = new ModbusDeviceComponent(intake, scheduler, TestConfigs.device("deviceId", "ghost", "port", port,
                "pollIntervalMs", 50, "reconnectBackoffMinMs", 20, "reconnectBackoffMaxMs", 100, "points", new String[] {"a,holding,0,int16"}));
        try {
            await("three readings").atMost(Duration.ofSeconds(20)).until(() -> intake.readings().size() >= 3);
            assertThat(intake.readings()).allSatisfy(r -> assertThat(r.point("a").quality().reason())
                    .isEqualTo(io.plantwire.api.model.Quality.Reason.DISCONNECTED));
            assertThat(c.deviceStatus().get(0).lastError()).contains("connect");
            assertThat(c.deviceStatus().get(0).state()).isIn(ConnectionState.DISCONNECTED, ConnectionState.CONNECTING);
        } finally {
            c.deactivate();
        }
    }
}
