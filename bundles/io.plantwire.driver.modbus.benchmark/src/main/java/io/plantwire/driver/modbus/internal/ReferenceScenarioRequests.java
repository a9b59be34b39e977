package io.plantwire.driver.modbus.internal;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.plantwire.api.model.DeviceReading;
import io.plantwire.driver.support.PollGroup;
import io.plantwire.driver.support.PolledDevice;
import io.plantwire.simulator.modbus.ModbusTcpServer;
import io.plantwire.simulator.modbus.Profile;
import io.plantwire.simulator.modbus.SimulatedDevice;

/**
 * Requests per poll cycle for the reference scenario's four devices (meter-1..3, temperature-reader), counted on
 * the simulator, against one request per point without coalescing.
 *
 * <p>Run: {@code java -cp target/benchmarks.jar io.plantwire.driver.modbus.internal.ReferenceScenarioRequests}
 */
public final class ReferenceScenarioRequests {

    private ReferenceScenarioRequests() {
    }

    public static void main(String[] args) throws Exception {
        int cycles = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        List<String> meterMap = resource("reference/power-meter.csv");
        List<String> readerMap = resource("reference/temperature-reader.csv");
        try (ModbusTcpServer server = ModbusTcpServer.start("127.0.0.1", 0)) {
            List<SimulatedDevice> devices = new ArrayList<>();
            for (int unit = 1; unit <= 4; unit++) {
                SimulatedDevice d = new SimulatedDevice(unit, unit == 4 ? Profile.TEMPERATURE_READER : Profile.POWER_METER, 3, unit);
                server.addDevice(d);
                devices.add(d);
            }
            long coalesced = 0;
            long points = 0;
            System.out.printf("%-20s %7s %9s %16s%n", "device", "points", "requests", "requests/cycle");
            for (int unit = 1; unit <= 4; unit++) {
                String id = unit == 4 ? "temperature-reader" : "meter-" + unit;
                List<String> map = unit == 4 ? readerMap : meterMap;
                DeviceSettings s = DeviceSettings.from(BenchmarkConfig.device(Map.of("deviceId", id, "port", server.port(),
                        "unitId", unit, "points", map.toArray(new String[0]))));
                PolledDevice<ModbusClient, List<ReadBlock>> poller = ModbusProtocol.device(s, s.newClient()).startManual();
                SimulatedDevice device = devices.get(unit - 1);
                device.resetCounters();
                for (int c = 0; c < cycles; c++) {
                    for (PollGroup<List<ReadBlock>> g : poller.groups()) {
                        DeviceReading r = poller.pollNow(g);
                        if (!r.points().values().stream().allMatch(p -> p.quality().isGood())) {
                            throw new IllegalStateException("bad reading " + r);
                        }
                    }
                }
                poller.close();
                double perCycle = (double) device.requestCount() / cycles;
                coalesced += device.requestCount();
                points += s.points().size();
                System.out.printf("%-20s %7d %9d %16.2f   (%s)%n", id, s.points().size(), device.requestCount(), perCycle,
                        poller.groups().stream().flatMap(g -> g.detail().stream())
                                .map(b -> b.table().configName + " " + b.start() + "+" + b.count()).collect(Collectors.joining(", ")));
            }
            System.out.printf("all four devices: %.2f requests per poll cycle coalesced, %d with one request per point (%d cycles counted on the simulator)%n",
                    (double) coalesced / cycles, points, cycles);
        }
    }

    private static List<String> resource(String name) throws Exception {
        try (InputStream in = ReferenceScenarioRequests.class.getClassLoader().getResourceAsStream(name)) {
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().collect(Collectors.toList());
        }
    }
}
