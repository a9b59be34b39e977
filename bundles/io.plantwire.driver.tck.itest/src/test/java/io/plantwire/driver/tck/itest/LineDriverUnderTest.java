package io.plantwire.driver.tck.itest;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.plantwire.api.model.Value;
import io.plantwire.driver.tck.DriverUnderTest;
import io.plantwire.driver.tck.InvalidConfiguration;
import io.plantwire.driver.tck.WriteChecks;

/** Describes one of the sample line drivers (by factory PID) with one simulated line device per device id. */
final class LineDriverUnderTest implements DriverUnderTest {

    static final String BUNDLE = "io.plantwire.driver.tck.itest";

    /**
     * The slack of the sample drivers that break a rule: the kit waits a bound plus this before it fails the check,
     * and these drivers are in this framework, on loopback, so 3 s is ample where an OEM's default is 10 s.
     */
    static final Duration BROKEN_DRIVER_SLACK = Duration.ofSeconds(3);

    private final String factoryPid;
    private final Duration slack;
    private final Map<String, LineDeviceSimulator> devices = new ConcurrentHashMap<>();

    /** A sample driver with the kit's default slack. */
    LineDriverUnderTest(String factoryPid) {
        this(factoryPid, null);
    }

    /** A sample driver with its own slack, or the kit's default when {@code slack} is null. */
    LineDriverUnderTest(String factoryPid, Duration slack) {
        this.factoryPid = factoryPid;
        this.slack = slack;
    }

    @Override
    public Duration slack() {
        return slack == null ? DriverUnderTest.super.slack() : slack;
    }

    @Override
    public String bundleSymbolicName() {
        return BUNDLE;
    }

    @Override
    public String factoryPid() {
        return factoryPid;
    }

    @Override
    public Map<String, Object> validConfiguration(String deviceId, Duration pollInterval) throws Exception {
        LineDeviceSimulator device = devices.get(deviceId);
        if (device == null) {
            device = LineDeviceSimulator.start(0);
            devices.put(deviceId, device);
        }
        Map<String, Object> c = new HashMap<>();
        c.put("deviceId", deviceId);
        c.put("port", device.port());
        c.put("timeoutMs", (int) timeout().toMillis());
        c.put("pollIntervalMs", (int) Math.min(Integer.MAX_VALUE, pollInterval.toMillis()));
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
        return Duration.ofMillis(100); // it reconnects on the next poll
    }

    @Override
    public void makeUnreachable(String deviceId) throws Exception {
        devices.get(deviceId).close();
    }

    @Override
    public void makeReachable(String deviceId) throws Exception {
        devices.put(deviceId, devices.get(deviceId).restart());
    }

    @Override
    public java.util.Optional<WriteChecks> writeChecks() {
        return java.util.Optional.of(new WriteChecks() {
            @Override
            public String point() {
                return "setpoint";
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
                devices.get(deviceId).refuse(refuse);
            }

            @Override
            public long writesReceived(String deviceId) {
                return devices.get(deviceId).writes();
            }
        });
    }

    @Override
    public void close() throws Exception {
        for (LineDeviceSimulator d : devices.values()) {
            d.close();
        }
        devices.clear();
    }
}
