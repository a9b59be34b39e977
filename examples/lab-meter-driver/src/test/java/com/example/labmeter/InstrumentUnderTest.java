package com.example.labmeter;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.plantwire.driver.tck.DriverUnderTest;
import io.plantwire.driver.tck.InvalidConfiguration;
import com.example.labmeter.simulator.SimulatedInstrument;

/**
 * What the conformance kit needs to know about this driver: its bundle and factory PID, configurations, and how to
 * take a device off the network and back (here: stop its simulator, start it again on the same port).
 */
final class InstrumentUnderTest implements DriverUnderTest {

    private static final Map<Integer, Double> CHANNELS = Map.of(1, 21.5, 2, 1.013);
    private final Map<String, SimulatedInstrument> simulators = new ConcurrentHashMap<>();
    private final Map<String, Integer> ports = new ConcurrentHashMap<>();

    @Override
    public String bundleSymbolicName() {
        return "lab-meter-driver";
    }

    @Override
    public String factoryPid() {
        return "com.example.labmeter.device";
    }

    @Override
    public Map<String, Object> validConfiguration(String deviceId, Duration pollInterval) throws Exception {
        if (!ports.containsKey(deviceId)) {
            SimulatedInstrument sim = SimulatedInstrument.start(0, CHANNELS, 0.1);
            simulators.put(deviceId, sim);
            ports.put(deviceId, sim.port());
        }
        Map<String, Object> c = new HashMap<>();
        c.put("deviceId", deviceId);
        c.put("host", "127.0.0.1");
        c.put("port", ports.get(deviceId));
        c.put("channels", new String[] { "temperature=1|Cel", "pressure=2|bar" });
        c.put("pollIntervalMs", pollInterval.toMillis());
        c.put("timeoutMs", (int) timeout().toMillis());
        return c;
    }

    @Override
    public InvalidConfiguration invalidConfiguration(String deviceId) throws Exception {
        Map<String, Object> c = new HashMap<>(validConfiguration(deviceId, Duration.ofSeconds(1)));
        c.put("port", 70_000);
        return new InvalidConfiguration(c, "port");
    }

    @Override
    public Duration timeout() {
        return Duration.ofMillis(500);
    }

    @Override
    public Duration reconnectBackoffMax() {
        return Duration.ofSeconds(5); // InstrumentDevice: reconnectBackoff(500, 5_000)
    }

    @Override
    public void makeUnreachable(String deviceId) throws Exception {
        simulators.remove(deviceId).close();
    }

    @Override
    public void makeReachable(String deviceId) throws Exception {
        simulators.put(deviceId, SimulatedInstrument.start(ports.get(deviceId), CHANNELS, 0.1));
    }

    @Override
    public void close() throws Exception {
        for (SimulatedInstrument sim : simulators.values()) {
            sim.close();
        }
        simulators.clear();
    }
}
