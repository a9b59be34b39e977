package io.plantwire.driver.modbus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.plantwire.driver.modbus.internal.ModbusClient.ModbusExceptionReply;

/** Every function code of our framing against j2mod's slave, over Modbus TCP and RTU over TCP. */
class SocketModbusClientTest {

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void everyFunctionCodeAgainstAnIndependentSlave(boolean rtu) throws Exception {
        try (J2modSlave slave = new J2modSlave(rtu, 20, 20); SocketModbusClient client = new SocketModbusClient("127.0.0.1", slave.port, 2000, rtu)) {
            client.connect();
            client.writeMultipleCoils(1, 2, new boolean[] {true, false, true, true, false, false, false, false, false, true});
            assertThat(List.of(slave.image.getDigitalOut(2).isSet(), slave.image.getDigitalOut(3).isSet(),
                    slave.image.getDigitalOut(4).isSet(), slave.image.getDigitalOut(11).isSet())).containsExactly(true, false, true, true);
            boolean[] coils = client.readBits(1, Table.COIL, 0, 12);
            assertThat(coils[2]).isTrue();
            assertThat(coils[5]).isTrue();
            assertThat(coils[3]).isFalse();
            assertThat(coils[11]).isTrue();

            client.writeSingleCoil(1, 3, true);
            assertThat(client.readBits(1, Table.COIL, 3, 1)[0]).isTrue();

            client.writeSingleRegister(1, 7, (short) -2);
            assertThat(slave.register(7)).isEqualTo(0xFFFE);
            client.writeMultipleRegisters(1, 10, new short[] {1, 2, 3});
            assertThat(client.readRegisters(1, Table.HOLDING_REGISTER, 7, 6)).containsExactly((short) -2, (short) 0, (short) 0, (short) 1, (short) 2, (short) 3);

            // Beyond the slave's 20 registers: j2mod answers exception 2, which must come back as such.
            assertThatThrownBy(() -> client.readRegisters(1, Table.HOLDING_REGISTER, 18, 5))
                    .isInstanceOfSatisfying(ModbusExceptionReply.class, e -> assertThat(e.code()).isEqualTo(2));
            // The connection is still in step after an exception answer.
            assertThat(client.readRegisters(1, Table.HOLDING_REGISTER, 10, 1)).containsExactly((short) 1);
        }
    }
}
