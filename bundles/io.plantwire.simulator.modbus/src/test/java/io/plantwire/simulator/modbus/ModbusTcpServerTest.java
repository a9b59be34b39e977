package io.plantwire.simulator.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.util.BitVector;

/** The simulator, checked with j2mod as an independent master. */
class ModbusTcpServerTest {

    private ModbusTcpServer server;
    private ModbusTCPMaster master;
    private SimulatedDevice meter;
    private SimulatedDevice reader;

    @BeforeEach
    void start() throws Exception {
        server = ModbusTcpServer.start("127.0.0.1", 0);
        meter = new SimulatedDevice(1, Profile.POWER_METER, 0, 1);
        reader = new SimulatedDevice(4, Profile.TEMPERATURE_READER, 3, 4);
        server.addDevice(meter);
        server.addDevice(reader);
        master = new ModbusTCPMaster(InetAddress.getLoopbackAddress().getHostAddress(), server.port(), 2000, true);
        master.setRetries(1);
        master.connect();
    }

    @AfterEach
    void stop() {
        master.disconnect();
        server.close();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.isAlive() && t.getName().startsWith(ModbusTcpServer.THREAD_PREFIX + server.port()));
    }

    private static float float32(InputRegister[] r, int i) {
        return Float.intBitsToFloat(r[i].getValue() << 16 | r[i + 1].getValue());
    }

    @Test
    void powerMeterServesPlausibleFloats() throws Exception {
        InputRegister[] r = master.readMultipleRegisters(1, 0, 12);
        assertThat(float32(r, SimulatedDevice.PM_VOLTAGE)).isBetween(220f, 240f);
        assertThat(float32(r, SimulatedDevice.PM_CURRENT)).isBetween(15f, 65f);
        assertThat(float32(r, SimulatedDevice.PM_ACTIVE_POWER)).isBetween(5_000f, 50_000f);
        assertThat(float32(r, SimulatedDevice.PM_ENERGY)).isGreaterThanOrEqualTo(1_250_000f);
        assertThat(float32(r, SimulatedDevice.PM_FREQUENCY)).isBetween(49.9f, 50.1f);
        assertThat(float32(r, SimulatedDevice.PM_POWER_FACTOR)).isBetween(0.85f, 1f);
        assertThat(master.readCoils(1, SimulatedDevice.PM_BREAKER_COIL, 1).getBit(0)).isTrue();
        assertThat(meter.requestCount(3)).isEqualTo(1);
    }

    @Test
    void temperatureReaderServesOneInt16PerTankInTenthsOfADegree() throws Exception {
        InputRegister[] r = master.readInputRegisters(4, 0, 3);
        for (int tank = 0; tank < 3; tank++) {
            double celsius = r[tank].toShort() / 10.0;
            assertThat(celsius).isBetween(37.0 + 5 * tank, 43.0 + 5 * tank);
        }
        BitVector healthy = master.readInputDiscretes(4, 0, 3);
        assertThat(healthy.getBit(0) && healthy.getBit(1) && healthy.getBit(2)).isTrue();
    }

    @Test
    void writesAreKeptAndReadBack() throws Exception {
        master.writeMultipleRegisters(1, SimulatedDevice.PM_DEMAND_LIMIT,
                new Register[] {new SimpleRegister(0x4248), new SimpleRegister(0)}); // 50.0f -> 0x42480000 (50 W)
        master.writeSingleRegister(1, 200, new SimpleRegister(1234));
        master.writeCoil(1, SimulatedDevice.PM_BREAKER_COIL, false);
        BitVector bits = new BitVector(10);
        bits.setBit(3, true);
        bits.setBit(9, true);
        master.writeMultipleCoils(1, 10, bits);
        assertThat(meter.registers().holdingFloat(SimulatedDevice.PM_DEMAND_LIMIT)).isEqualTo(50f);
        assertThat(master.readMultipleRegisters(1, 200, 1)[0].getValue()).isEqualTo(1234);
        assertThat(master.readCoils(1, 10, 10).toString()).isEqualTo(bits.toString());
        // With the breaker open the meter measures no current.
        InputRegister[] r = master.readMultipleRegisters(1, 0, 4);
        assertThat(float32(r, SimulatedDevice.PM_CURRENT)).isZero();
    }

    @Test
    void injectedExceptionIsSentOnceThenNormalRepliesResume() throws Exception {
        meter.injectFault(Fault.exception(6), 1);
        assertThatThrownBy(() -> master.readMultipleRegisters(1, 0, 2))
                .isInstanceOfSatisfying(ModbusSlaveException.class, e -> assertThat(e.getType()).isEqualTo(6));
        assertThat(master.readMultipleRegisters(1, 0, 2)).hasSize(2);
    }

    @Test
    void unknownUnitGetsGatewayTargetException() {
        assertThatThrownBy(() -> master.readMultipleRegisters(9, 0, 2))
                .isInstanceOfSatisfying(ModbusSlaveException.class, e -> assertThat(e.getType()).isEqualTo(11));
    }

    @Test
    void protocolLimitsAreEnforced() {
        assertThatThrownBy(() -> master.readMultipleRegisters(1, 0, 126))
                .isInstanceOfSatisfying(ModbusSlaveException.class, e -> assertThat(e.getType()).isEqualTo(3));
        assertThatThrownBy(() -> master.readMultipleRegisters(1, 65535, 2))
                .isInstanceOfSatisfying(ModbusSlaveException.class, e -> assertThat(e.getType()).isEqualTo(2));
    }

    @Test
    void droppedConnectionIsSeenByTheMasterAndTheServerAcceptsTheNextOne() throws Exception {
        meter.injectFault(Fault.dropConnection(), 1);
        // j2mod reconnects and retries by itself: the request reaches the device twice over two connections.
        assertThat(master.readMultipleRegisters(1, 0, 2)).hasSize(2);
        assertThat(server.acceptedConnections()).isEqualTo(2);
        assertThat(meter.requestCount(3)).isEqualTo(2);
    }

    @Test
    void rtuOverTcpFramingIsUnderstoodByJ2modsRtuMaster() throws Exception {
        try (ModbusTcpServer rtu = ModbusTcpServer.start("127.0.0.1", 0, true)) {
            SimulatedDevice d = new SimulatedDevice(7, Profile.BLANK, 0, 7);
            d.registers().setHoldingRegister(3, 4321);
            rtu.addDevice(d);
            ModbusTCPMaster m = new ModbusTCPMaster("127.0.0.1", rtu.port(), 2000, false, true);
            m.connect();
            try {
                assertThat(m.readMultipleRegisters(7, 3, 1)[0].getValue()).isEqualTo(4321);
                m.writeMultipleRegisters(7, 10, new Register[] {new SimpleRegister(1), new SimpleRegister(2)});
                assertThat(d.registers().holdingRegister(11)).isEqualTo(2);
                m.writeCoil(7, 5, true);
                assertThat(m.readCoils(7, 5, 1).getBit(0)).isTrue();
                d.injectFault(Fault.exception(2), 1);
                assertThatThrownBy(() -> m.readMultipleRegisters(7, 3, 1))
                        .isInstanceOfSatisfying(ModbusSlaveException.class, e -> assertThat(e.getType()).isEqualTo(2));
            } finally {
                m.disconnect();
            }
        }
    }

    @Test
    void frozenDeviceKeepsWhatTheTestWrote() throws Exception {
        meter.freeze(true);
        meter.registers().setHoldingFloat(SimulatedDevice.PM_VOLTAGE, 231.5f);
        InputRegister[] r = master.readMultipleRegisters(1, 0, 2);
        assertThat(float32(r, 0)).isEqualTo(231.5f);
    }
}
