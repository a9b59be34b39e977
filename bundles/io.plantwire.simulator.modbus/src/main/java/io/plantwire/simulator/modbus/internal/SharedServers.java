package io.plantwire.simulator.modbus.internal;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import io.plantwire.simulator.modbus.ModbusTcpServer;

/**
 * The listening servers of this bundle, by port, shared by the devices configured on the same port and closed
 * when the last of them goes.
 */
final class SharedServers {

    private static final class Entry {
        final String host;
        final ModbusTcpServer server;
        int users;

        Entry(String host, ModbusTcpServer server) {
            this.host = host;
            this.server = server;
        }
    }

    private final Map<Integer, Entry> byPort = new HashMap<>();

    synchronized ModbusTcpServer acquire(String host, int port, boolean rtuOverTcp) throws IOException {
        Entry e = byPort.get(port);
        if (e == null) {
            e = new Entry(host, ModbusTcpServer.start(host, port, rtuOverTcp));
            byPort.put(port, e);
        } else if (!e.host.equals(host)) {
            throw new IllegalArgumentException("port: " + port + " is already served on host " + e.host + ", not " + host);
        } else if (e.server.rtuOverTcp() != rtuOverTcp) {
            throw new IllegalArgumentException("framing: port " + port + " already speaks " + (e.server.rtuOverTcp() ? "rtu-over-tcp" : "tcp"));
        }
        e.users++;
        return e.server;
    }

    synchronized void release(int port) {
        Entry e = byPort.get(port);
        if (e != null && --e.users == 0) {
            byPort.remove(port);
            e.server.close();
        }
    }

    synchronized void closeAll() {
        byPort.values().forEach(e -> e.server.close());
        byPort.clear();
    }
}
