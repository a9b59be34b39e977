package io.plantwire.simulator.modbus.internal;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.plantwire.simulator.modbus.Fault;
import io.plantwire.simulator.modbus.SimulatedDevice;

/**
 * Gogo shell commands to show simulated devices and inject faults during a demo, e.g.
 * {@code modbussim:fault 5020 2 exception 3 6} (the next 3 requests to unit 2 on port 5020 get exception 6).
 */
@Component(service = SimulatorCommands.class, property = {"osgi.command.scope=modbussim",
        "osgi.command.function=devices", "osgi.command.function=fault", "osgi.command.function=clear"})
public class SimulatorCommands {

    private record Entry(SimulatedDevice device, int port) {
    }

    private final List<Entry> devices = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addDevice(SimulatedDevice device, Map<String, Object> properties) {
        devices.add(new Entry(device, ((Number) properties.getOrDefault("port", 0)).intValue()));
    }

    void removeDevice(SimulatedDevice device) {
        devices.removeIf(e -> e.device() == device);
    }

    /** Lists the simulated devices: port, unit id, profile, requests served. */
    public String devices() {
        StringBuilder b = new StringBuilder(String.format("%-6s %-5s %-20s %s%n", "port", "unit", "profile", "requests"));
        devices.stream().sorted(Comparator.comparingInt(Entry::port).thenComparingInt(e -> e.device().unitId()))
                .forEach(e -> b.append(String.format("%-6d %-5d %-20s %d%n", e.port(), e.device().unitId(),
                        e.device().profile().configName(), e.device().requestCount())));
        return b.toString();
    }

    /** The next request to the device shows the fault. */
    public String fault(int port, int unitId, String kind) {
        return fault(port, unitId, kind, 1, "");
    }

    /** The next {@code count} requests to the device show the fault. */
    public String fault(int port, int unitId, String kind, int count) {
        return fault(port, unitId, kind, count, "");
    }

    /**
     * The next {@code count} requests show the fault; {@code argument} is the exception code for {@code exception}
     * (default 4) or the delay in ms for {@code late-reply} (default 3000).
     */
    public String fault(int port, int unitId, String kind, int count, String argument) {
        SimulatedDevice d = find(port, unitId);
        if (d == null) {
            return "no simulated device with unit id " + unitId + " on port " + port;
        }
        Fault f;
        switch (kind) {
            case "late-reply":
                f = Fault.lateReply(Duration.ofMillis(argument.isEmpty() ? 3000 : Long.parseLong(argument)));
                break;
            case "exception":
                f = Fault.exception(argument.isEmpty() ? 4 : Integer.parseInt(argument));
                break;
            case "drop-connection":
                f = Fault.dropConnection();
                break;
            case "no-reply":
                f = Fault.noReply();
                break;
            case "stale-reply":
                f = Fault.staleReply();
                break;
            default:
                return "unknown fault '" + kind + "', expected late-reply, exception, drop-connection, no-reply or stale-reply";
        }
        d.injectFault(f, count);
        return "unit " + unitId + " on port " + port + ": next " + count + " request(s) get " + f;
    }

    /** Forgets the device's pending and periodic faults. */
    public String clear(int port, int unitId) {
        SimulatedDevice d = find(port, unitId);
        if (d == null) {
            return "no simulated device with unit id " + unitId + " on port " + port;
        }
        d.clearFaults();
        return "unit " + unitId + " on port " + port + ": faults cleared";
    }

    private SimulatedDevice find(int port, int unitId) {
        return devices.stream().filter(e -> e.port() == port && e.device().unitId() == unitId).map(Entry::device)
                .findFirst().orElse(null);
    }
}
