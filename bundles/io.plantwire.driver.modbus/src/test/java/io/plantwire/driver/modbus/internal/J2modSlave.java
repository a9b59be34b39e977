package io.plantwire.driver.modbus.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;

/** j2mod's slave on loopback: an implementation of the protocol independent of ours. */
final class J2modSlave implements AutoCloseable {

    final SimpleProcessImage image = new SimpleProcessImage(1);
    final int port;
    private final ModbusSlave slave;

    J2modSlave(boolean rtuOverTcp, int registers, int coils) throws Exception {
        for (int i = 0; i < registers; i++) {
            image.addRegister(new SimpleRegister(0));
        }
        for (int i = 0; i < coils; i++) {
            image.addDigitalOut(new SimpleDigitalOut(false));
        }
        port = freePort();
        slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 4, rtuOverTcp);
        slave.addProcessImage(1, image);
        slave.open();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    void setRegister(int address, int value) throws Exception {
        image.getRegister(address).setValue(value);
    }

    int register(int address) throws Exception {
        return image.getRegister(address).getValue();
    }

    @Override
    public void close() {
        ModbusSlaveFactory.close(slave);
    }
}
