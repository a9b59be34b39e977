package ${package};

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.plantwire.driver.tck.DriverUnderTest;
import io.plantwire.driver.tck.InvalidConfiguration;
import ${package}.simulator.SimulatedInstrument;

/**
 * What the conformance kit needs to know about this driver: its bundle and factory PID, configurations, and how to
 * take a device off the network and back (here: stop its simulator, start it again on the same port).
 */
final class InstrumentUnderTest implements DriverUnderTest {

    private static final Map<String, Double> POINTS = Map.of("temperature", 21.5, "pressure", 1.013);
    private final Map<String, SimulatedInstrument> simulators = new ConcurrentHashMap<>();
    private final Map<String, Integer> ports = new ConcurrentHashMap<>();

    @Override
    public String bundleSymbolicName() {
        return "${artifactId}";
    }

    @Override
    public String factoryPid() {
        return "${package}.device";
    }

    @Override
    public Map<String, Object> validConfiguration(String deviceId, Duration pollInterval) throws Exception {
        if (!ports.containsKey(deviceId)) {
            SimulatedInstrument sim = SimulatedInstrument.start(0, POINTS, 0.1);
            simulators.put(deviceId, sim);
            ports.put(deviceId, sim.port());
        }
        Map<String, Object> c = new HashMap<>();
        c.put("deviceId", deviceId);
        c.put("host", "127.0.0.1");
        c.put("port", ports.get(deviceId));
        c.put("points", new String[] { "temperature|Cel", "pressure|bar" });
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
        simulators.put(deviceId, SimulatedInstrument.start(ports.get(deviceId), POINTS, 0.1));
    }

    @Override
    public void close() throws Exception {
        for (SimulatedInstrument sim : simulators.values()) {
            sim.close();
        }
        simulators.clear();
    }
}
