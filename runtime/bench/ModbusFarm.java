import java.util.ArrayList;
import java.util.List;

import io.plantwire.simulator.modbus.ModbusTcpServer;
import io.plantwire.simulator.modbus.Profile;
import io.plantwire.simulator.modbus.SimulatedDevice;

/**
 * The Modbus end of runtime/measure-throughput.sh: a Modbus TCP server in its own JVM (not the gateway's), serving
 * {@code devices} power-meter units (unit ids 1..n, up to 247 per port, further devices on the next ports). Every
 * holding register 0..tags*2 answers (registers beyond the profile's read as written below), so a point map of
 * {@code tags} float32 points covers one request. Not part of any build: run as a single source file on the
 * simulator bundle's jar,
 *
 * <pre>
 * java -cp io.plantwire.simulator.modbus-*.jar runtime/bench/ModbusFarm.java &lt;first port&gt; &lt;devices&gt; &lt;tags&gt;
 * </pre>
 *
 * <p>Prints {@code READY <ports>} when it listens and runs until killed.
 */
public final class ModbusFarm {

    static final int UNITS_PER_PORT = 247;

    public static void main(String[] args) throws Exception {
        int firstPort = Integer.parseInt(args[0]);
        int devices = Integer.parseInt(args[1]);
        int tags = Integer.parseInt(args[2]);
        List<ModbusTcpServer> servers = new ArrayList<>();
        StringBuilder ports = new StringBuilder();
        for (int d = 0; d < devices; d++) {
            int server = d / UNITS_PER_PORT;
            if (server == servers.size()) {
                servers.add(ModbusTcpServer.start("127.0.0.1", firstPort + server));
                ports.append(ports.length() == 0 ? "" : ",").append(firstPort + server);
            }
            SimulatedDevice device = new SimulatedDevice(d % UNITS_PER_PORT + 1, Profile.POWER_METER, 1, d);
            // The profile fills registers 0..11; the rest get distinct, plausible values (they do not change,
            // which does not matter here: the bench configures no deadband, so every poll is published).
            for (int t = 6; t < tags; t++) {
                device.registers().setHoldingFloat(2 * t, 100f + d + t / 10f);
            }
            servers.get(server).addDevice(device);
        }
        System.out.println("READY " + ports);
        System.out.flush();
        Thread.currentThread().join();
    }
}
