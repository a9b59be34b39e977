package io.plantwire.simulator.modbus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;

import io.plantwire.simulator.modbus.ModbusTcpServer;
import io.plantwire.simulator.modbus.Profile;
import io.plantwire.simulator.modbus.SimulatedDevice;

class SimulatorCommandsTest {

    @Test
    void listsDevicesAndInjectsFaultsAMasterSees() throws Exception {
        try (ModbusTcpServer server = ModbusTcpServer.start("127.0.0.1", 0)) {
            SimulatedDevice meter = new SimulatedDevice(2, Profile.POWER_METER, 0, 1);
            server.addDevice(meter);
            SimulatorCommands commands = new SimulatorCommands();
            commands.addDevice(meter, Map.of("port", server.port()));

            assertThat(commands.devices()).containsPattern(server.port() + " +2 +power-meter +0");
            assertThat(commands.fault(server.port(), 2, "exception", 1, "6")).contains("next 1 request(s)");
            assertThat(commands.fault(server.port(), 9, "no-reply")).isEqualTo("no simulated device with unit id 9 on port " + server.port());
            assertThat(commands.fault(server.port(), 2, "melt-down")).startsWith("unknown fault 'melt-down'");

            ModbusTCPMaster master = new ModbusTCPMaster(InetAddress.getLoopbackAddress().getHostAddress(), server.port(), 2000, false);
            master.connect();
            try {
                int code = 0;
                try {
                    master.readMultipleRegisters(2, 0, 2);
                } catch (ModbusSlaveException e) {
                    code = e.getType();
                }
                assertThat(code).isEqualTo(6);
                commands.fault(server.port(), 2, "exception", 5, "4");
                assertThat(commands.clear(server.port(), 2)).endsWith("faults cleared");
                assertThat(master.readMultipleRegisters(2, 0, 2)).hasSize(2);
            } finally {
                master.disconnect();
            }
            commands.removeDevice(meter);
            assertThat(commands.devices()).doesNotContain("power-meter");
        }
    }
}
