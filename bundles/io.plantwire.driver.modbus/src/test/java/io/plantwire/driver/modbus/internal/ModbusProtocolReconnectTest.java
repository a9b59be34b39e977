package io.plantwire.driver.modbus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.Test;

/**
 * Who may reopen a closed connection: the protocol after its own resync, never after the support library closed it
 * (a drop, or the device stopping while a poll runs). Found as a socket left open after a bundle update under load
 * (the driver TCK's twenty-updates check saw one more simulator connection than before).
 */
class ModbusProtocolReconnectTest {

    /** A client that only counts: no socket. */
    static class CountingClient implements ModbusClient {
        int connects;
        boolean connected;

        @Override
        public void connect() {
            connects++;
            connected = true;
        }

        @Override
        public boolean isConnected() {
            return connected;
        }

        @Override
        public void close() {
            connected = false;
        }

        @Override
        public boolean[] readBits(int unitId, Table table, int address, int count) {
            return new boolean[count];
        }

        @Override
        public short[] readRegisters(int unitId, Table table, int address, int count) {
            return new short[count];
        }

        @Override
        public void writeSingleCoil(int unitId, int address, boolean value) {
        }

        @Override
        public void writeMultipleCoils(int unitId, int address, boolean[] values) {
        }

        @Override
        public void writeSingleRegister(int unitId, int address, short value) {
        }

        @Override
        public void writeMultipleRegisters(int unitId, int address, short[] values) {
        }
    }

    private final CountingClient client = new CountingClient();
    private final ModbusProtocol protocol = new ModbusProtocol(settings(), client);

    private static DeviceSettings settings() {
        return TestConfigs.settings("deviceId", "meter-1", "port", 502, "points", new String[] {"level,holding,0,uint16"});
    }

    @Test
    void aConnectionClosedForAResyncIsReopenedAtOnce() throws IOException {
        protocol.connect();
        client.close(); // what a poll does after a timeout
        protocol.reopenIfResynced(client);
        assertThat(client.connects).isEqualTo(2);
        assertThat(client.isConnected()).isTrue();
    }

    @Test
    void aConnectionTheLibraryClosedIsNotReopenedByARunningPoll() throws IOException {
        protocol.connect();
        protocol.close(client); // the device stops: the library closes the connection under the running poll
        protocol.reopenIfResynced(client);
        assertThat(client.connects).as("no connection opened after the stop").isEqualTo(1);
        assertThat(client.isConnected()).isFalse();

        protocol.connect(); // the library reconnects (after a drop): resyncs may reopen again
        client.close();
        protocol.reopenIfResynced(client);
        assertThat(client.connects).isEqualTo(3);
    }

    /** The library's stop lands while the poll's resync reconnects. */
    static final class StoppedDuringReconnect extends CountingClient {
        ModbusProtocol owner;

        @Override
        public void connect() {
            super.connect();
            if (connects == 2) {
                owner.close(this);
            }
        }
    }

    @Test
    void aStopWhileThePollReconnectsClosesTheNewConnection() throws IOException {
        StoppedDuringReconnect racing = new StoppedDuringReconnect();
        ModbusProtocol p = new ModbusProtocol(settings(), racing);
        racing.owner = p;
        p.connect();
        racing.close();
        p.reopenIfResynced(racing);
        assertThat(racing.connects).isEqualTo(2);
        assertThat(racing.isConnected()).as("closed again after the reconnect").isFalse();
    }
}
