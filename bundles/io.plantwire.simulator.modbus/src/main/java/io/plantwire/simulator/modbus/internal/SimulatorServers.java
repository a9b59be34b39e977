package io.plantwire.simulator.modbus.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Holds the bundle's shared listening sockets, so devices on the same port share one server and the sockets are
 * closed when the bundle stops even if a device component failed half way.
 */
@Component(service = SimulatorServers.class)
public class SimulatorServers {

    private final SharedServers servers = new SharedServers();

    SharedServers servers() {
        return servers;
    }

    @Deactivate
    void deactivate() {
        servers.closeAll();
    }
}
