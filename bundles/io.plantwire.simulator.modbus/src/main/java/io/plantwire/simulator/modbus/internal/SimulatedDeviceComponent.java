package io.plantwire.simulator.modbus.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import io.plantwire.simulator.modbus.Fault;
import io.plantwire.simulator.modbus.ModbusTcpServer;
import io.plantwire.simulator.modbus.Profile;
import io.plantwire.simulator.modbus.SimulatedDevice;

/**
 * One simulated device per factory configuration. The device is also registered as a {@link SimulatedDevice}
 * service (properties {@code port}, {@code unitId}, {@code profile}) so tests and the console can reach it.
 */
@Component(configurationPid = SimulatedDeviceComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {}, immediate = true)
@Designate(ocd = SimulatedDeviceConfig.class, factory = true)
public class SimulatedDeviceComponent {

    /** Factory PID of simulated devices. */
    public static final String PID = "io.plantwire.simulator.modbus.device";

    private final SharedServers servers;
    private final SimulatedDevice device;
    private final ModbusTcpServer server;
    private final ServiceRegistration<SimulatedDevice> registration;

    @Activate
    public SimulatedDeviceComponent(SimulatedDeviceConfig config, BundleContext context,
            @Reference(service = SimulatorServers.class) SimulatorServers shared) throws IOException {
        this.servers = shared.servers();
        check(config.port() >= 1 && config.port() <= 65535, "port", config.port(), "1-65535");
        check(config.unitId() >= 0 && config.unitId() <= 255, "unitId", config.unitId(), "0-255");
        Profile profile;
        try {
            profile = Profile.fromConfigName(config.profile());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("profile: " + e.getMessage());
        }
        check(config.tanks() >= 1 && config.tanks() <= 100, "tanks", config.tanks(), "1-100");
        Fault fault = fault(config);
        String framing = config.framing().trim().toLowerCase();
        check(framing.equals("tcp") || framing.equals("rtu-over-tcp"), "framing", config.framing(), "tcp or rtu-over-tcp");
        long seed = config.seed() != 0 ? config.seed() : 7919L * (config.unitId() + 1);
        this.device = new SimulatedDevice(config.unitId(), profile, config.tanks(), seed);
        if (fault != null) {
            device.setPeriodicFault(fault, config.faultEveryRequests());
        }
        this.server = servers.acquire(config.host(), config.port(), framing.equals("rtu-over-tcp"));
        try {
            server.addDevice(device);
        } catch (IllegalStateException e) {
            servers.release(config.port());
            throw new IllegalArgumentException("unitId: " + e.getMessage(), e);
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("port", server.port());
        props.put("unitId", config.unitId());
        props.put("profile", profile.configName());
        this.registration = context.registerService(SimulatedDevice.class, device, props);
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // already gone with the bundle
        }
        server.removeDevice(device);
        servers.release(server.port());
    }

    private static Fault fault(SimulatedDeviceConfig config) {
        switch (config.fault().trim().toLowerCase()) {
            case "none":
            case "":
                return null;
            case "late-reply":
                check(config.faultDelayMs() >= 0, "faultDelayMs", config.faultDelayMs(), "0 or more");
                return Fault.lateReply(Duration.ofMillis(config.faultDelayMs()));
            case "exception":
                check(config.faultExceptionCode() >= 1 && config.faultExceptionCode() <= 255, "faultExceptionCode",
                        config.faultExceptionCode(), "1-255");
                return Fault.exception(config.faultExceptionCode());
            case "drop-connection":
                return Fault.dropConnection();
            case "no-reply":
                return Fault.noReply();
            case "stale-reply":
                return Fault.staleReply();
            default:
                throw new IllegalArgumentException("fault: unknown fault '" + config.fault()
                        + "', expected none, late-reply, exception, drop-connection, no-reply or stale-reply");
        }
    }

    private static void check(boolean ok, String field, Object value, String expected) {
        if (!ok) {
            throw new IllegalArgumentException(field + ": '" + value + "' is not valid, expected " + expected);
        }
    }
}
