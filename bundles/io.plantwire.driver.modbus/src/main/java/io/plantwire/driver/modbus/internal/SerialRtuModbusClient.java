package io.plantwire.driver.modbus.internal;

import java.io.IOException;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.ModbusIOException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.ModbusSerialMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.util.BitVector;
import com.ghgande.j2mod.modbus.util.SerialParameters;

/**
 * Serial RTU through j2mod's serial master (jSerialComm underneath). On a serial line there are no transaction
 * ids; answer length is checked here, CRC by j2mod. j2mod retries are switched off so that the driver's own
 * retry, backoff and quality rules apply the same way as on TCP.
 */
final class SerialRtuModbusClient implements ModbusClient {

    private final SerialParameters parameters;
    private final int timeoutMs;
    private final int stopBits;
    private volatile ModbusSerialMaster master;

    SerialRtuModbusClient(String port, int baudRate, String parity, int dataBits, int stopBits, int timeoutMs) {
        this.parameters = new SerialParameters();
        parameters.setPortName(port);
        parameters.setBaudRate(baudRate);
        parameters.setParity(parity.toLowerCase());
        parameters.setDatabits(dataBits);
        // j2mod/jSerialComm code stop bits as 1 = one, 2 = one and a half, 3 = two: go through the text form.
        parameters.setStopbits(String.valueOf(stopBits));
        parameters.setEncoding("rtu");
        this.timeoutMs = timeoutMs;
        this.stopBits = stopBits;
    }

    SerialParameters parameters() {
        return parameters;
    }

    @Override
    public void connect() throws IOException {
        close();
        ModbusSerialMaster m = new ModbusSerialMaster(parameters, timeoutMs);
        m.setRetries(1);
        try {
            m.connect();
        } catch (Exception e) {
            m.disconnect();
            throw new IOException("cannot open serial port " + parameters.getPortName() + ": " + e.getMessage(), e);
        }
        master = m;
    }

    @Override
    public boolean isConnected() {
        ModbusSerialMaster m = master;
        return m != null && m.isConnected();
    }

    @Override
    public void close() {
        ModbusSerialMaster m = master;
        master = null;
        if (m != null) {
            m.disconnect();
        }
    }

    private ModbusSerialMaster master() throws IOException {
        ModbusSerialMaster m = master;
        if (m == null) {
            throw new IOException("not connected");
        }
        return m;
    }

    private interface Call<T> {
        T run(ModbusSerialMaster m) throws ModbusException;
    }

    private <T> T call(Call<T> call) throws IOException, ModbusExceptionReply {
        try {
            return call.run(master());
        } catch (ModbusSlaveException e) {
            throw new ModbusExceptionReply(e.getType());
        } catch (ModbusIOException e) {
            // j2mod reports a missing answer and a broken frame the same way; both leave the line state unknown.
            throw new ModbusTimeoutException("serial transaction failed: " + e.getMessage());
        } catch (ModbusException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public boolean[] readBits(int unitId, Table table, int address, int count) throws IOException, ModbusExceptionReply {
        BitVector v = call(m -> table == Table.COIL ? m.readCoils(unitId, address, count) : m.readInputDiscretes(unitId, address, count));
        if (v.size() < count) {
            throw new ModbusDesyncException("read of " + count + " bits answered with " + v.size());
        }
        boolean[] bits = new boolean[count];
        for (int i = 0; i < count; i++) {
            bits[i] = v.getBit(i);
        }
        return bits;
    }

    @Override
    public short[] readRegisters(int unitId, Table table, int address, int count) throws IOException, ModbusExceptionReply {
        InputRegister[] r = call(m -> table == Table.HOLDING_REGISTER ? m.readMultipleRegisters(unitId, address, count)
                : m.readInputRegisters(unitId, address, count));
        if (r.length != count) {
            throw new ModbusDesyncException("read of " + count + " registers answered with " + r.length);
        }
        short[] regs = new short[count];
        for (int i = 0; i < count; i++) {
            regs[i] = r[i].toShort();
        }
        return regs;
    }

    @Override
    public void writeSingleCoil(int unitId, int address, boolean value) throws IOException, ModbusExceptionReply {
        call(m -> m.writeCoil(unitId, address, value));
    }

    @Override
    public void writeMultipleCoils(int unitId, int address, boolean[] values) throws IOException, ModbusExceptionReply {
        BitVector v = new BitVector(values.length);
        for (int i = 0; i < values.length; i++) {
            v.setBit(i, values[i]);
        }
        call(m -> {
            m.writeMultipleCoils(unitId, address, v);
            return null;
        });
    }

    @Override
    public void writeSingleRegister(int unitId, int address, short value) throws IOException, ModbusExceptionReply {
        call(m -> m.writeSingleRegister(unitId, address, new SimpleRegister(value & 0xFFFF)));
    }

    @Override
    public void writeMultipleRegisters(int unitId, int address, short[] values) throws IOException, ModbusExceptionReply {
        Register[] r = new Register[values.length];
        for (int i = 0; i < values.length; i++) {
            r[i] = new SimpleRegister(values[i] & 0xFFFF);
        }
        call(m -> m.writeMultipleRegisters(unitId, address, r));
    }

    @Override
    public String toString() {
        return "serial://" + parameters.getPortName() + " " + parameters.getBaudRate() + " " + parameters.getDatabits()
                + Character.toUpperCase(parameters.getParityString().charAt(0)) + stopBits;
    }
}
