package io.plantwire.driver.modbus.tck;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.plantwire.api.model.Value;
import io.plantwire.driver.tck.DriverUnderTest;
import io.plantwire.driver.tck.InvalidConfiguration;
import io.plantwire.driver.tck.WriteChecks;
import io.plantwire.simulator.modbus.Fault;
import io.plantwire.simulator.modbus.ModbusTcpServer;
import io.plantwire.simulator.modbus.Profile;
import io.plantwire.simulator.modbus.SimulatedDevice;

/**
 * The Modbus driver for the conformance kit: each device id gets its own simulated power meter on its own loopback
 * port (the simulator bundle's Modbus TCP server), so one can be taken off the network while the others poll on.
 */
final class ModbusDriverUnderTest implements DriverUnderTest {

    private static final int UNIT = 1;
    /** A writable int16 point beside the meter's float registers (holding register 200). */
    private static final String WRITABLE = "limit16";

    private final Map<String, ModbusTcpServer> servers = new ConcurrentHashMap<>();
    private final Map<String, SimulatedDevice> devices = new ConcurrentHashMap<>();

    @Override
    public String bundleSymbolicName() {
        return "io.plantwire.driver.modbus";
    }

    @Override
    public String factoryPid() {
        return "io.plantwire.driver.modbus.device";
    }

    @Override
    public Map<String, Object> validConfiguration(String deviceId, Duration pollInterval) throws Exception {
        ModbusTcpServer server = servers.get(deviceId);
        if (server == null) {
            SimulatedDevice meter = new SimulatedDevice(UNIT, Profile.POWER_METER, 1, deviceId.hashCode());
            server = ModbusTcpServer.start("127.0.0.1", 0);
            server.addDevice(meter);
            servers.put(deviceId, server);
            devices.put(deviceId, meter);
        }
        Map<String, Object> c = new HashMap<>();
        c.put("deviceId", deviceId);
        c.put("host", "127.0.0.1");
        c.put("port", server.port());
        c.put("unitId", UNIT);
        c.put("timeoutMs", (int) timeout().toMillis());
        c.put("retries", 0);
        c.put("reconnectBackoffMinMs", 50);
        c.put("reconnectBackoffMaxMs", (int) reconnectBackoffMax().toMillis());
        c.put("pollIntervalMs", (int) Math.min(Integer.MAX_VALUE, pollInterval.toMillis()));
        c.put("points", new String[] {"voltage,,4x00001,float32,ABCD,V", "activePower,,4x00005,float32,ABCD,W",
                WRITABLE + ",,4x00201,int16,,"});
        return c;
    }

    @Override
    public InvalidConfiguration invalidConfiguration(String deviceId) throws Exception {
        Map<String, Object> c = new HashMap<>(validConfiguration(deviceId, Duration.ofMillis(100)));
        c.put("port", 70_000);
        return new InvalidConfiguration(c, "port");
    }

    @Override
    public Duration timeout() {
        return Duration.ofMillis(500);
    }

    @Override
    public Duration reconnectBackoffMax() {
        return Duration.ofMillis(200);
    }

    @Override
    public void makeUnreachable(String deviceId) {
        servers.get(deviceId).close();
    }

    @Override
    public void makeReachable(String deviceId) throws Exception {
        ModbusTcpServer server = ModbusTcpServer.start("127.0.0.1", servers.get(deviceId).port());
        server.addDevice(devices.get(deviceId));
        servers.put(deviceId, server);
    }

    @Override
    public Optional<WriteChecks> writeChecks() {
        return Optional.of(new WriteChecks() {
            @Override
            public String point() {
                return WRITABLE;
            }

            @Override
            public Value inRange() {
                return Value.of(1234L);
            }

            @Override
            public Value outOfRange() {
                return Value.of(70_000L);
            }

            @Override
            public void refuseWrites(String deviceId, boolean refuse) {
                if (refuse) {
                    // Exception 2 (illegal data address) on every request: never retried, reported as a refusal.
                    devices.get(deviceId).setPeriodicFault(Fault.exception(2), 1);
                } else {
                    devices.get(deviceId).clearFaults();
                }
            }

            @Override
            public long writesReceived(String deviceId) {
                SimulatedDevice d = devices.get(deviceId);
                return d.requestCount(6) + d.requestCount(16);
            }
        });
    }

    @Override
    public void close() {
        servers.values().forEach(ModbusTcpServer::close);
        servers.clear();
        devices.clear();
    }
}
