import java.util.ArrayList;
import java.util.List;

import io.plantwire.simulator.modbus.ModbusTcpServer;
import io.plantwire.simulator.modbus.Profile;
import io.plantwire.simulator.modbus.SimulatedDevice;

/**
 * Many simulated Modbus TCP endpoints for runtime/bench/measure-device-capacity.sh, in their own JVM so that their
 * threads (one per master connection) are not counted as the gateway's. Starts ENDPOINTS servers on free loopback
 * ports, each with UNITS power meters (unit ids 1..UNITS), prints one line "PORTS p1 p2 ..." and serves until killed.
 *
 *   java -cp io.plantwire.simulator.modbus.jar runtime/bench/ModbusFleet.java ENDPOINTS UNITS
 */
public final class ModbusFleet {

    public static void main(String[] args) throws Exception {
        int endpoints = Integer.parseInt(args[0]);
        int units = Integer.parseInt(args[1]);
        List<ModbusTcpServer> servers = new ArrayList<>();
        StringBuilder ports = new StringBuilder("PORTS");
        for (int e = 0; e < endpoints; e++) {
            ModbusTcpServer s = ModbusTcpServer.start("127.0.0.1", 0);
            for (int u = 1; u <= units; u++) {
                s.addDevice(new SimulatedDevice(u, Profile.POWER_METER, 0, e * 1000L + u));
            }
            servers.add(s);
            ports.append(' ').append(s.port());
        }
        System.out.println(ports);
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> servers.forEach(ModbusTcpServer::close)));
        Thread.currentThread().join();
    }
}
