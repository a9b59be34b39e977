package io.plantwire.simulator.modbus;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The four Modbus tables of one simulated device, each with the full 0-65535 address range. Thread-safe: the
 * server reads under the same lock the profile and tests write under, so a multi-register value is never seen half
 * updated.
 */
@ProviderType
public final class RegisterBank {

    private static final int SIZE = 65536;

    private final boolean[] coils = new boolean[SIZE];
    private final boolean[] discreteInputs = new boolean[SIZE];
    private final short[] inputRegisters = new short[SIZE];
    private final short[] holdingRegisters = new short[SIZE];

    public synchronized boolean coil(int address) {
        return coils[address];
    }

    public synchronized void setCoil(int address, boolean value) {
        coils[address] = value;
    }

    public synchronized boolean discreteInput(int address) {
        return discreteInputs[address];
    }

    public synchronized void setDiscreteInput(int address, boolean value) {
        discreteInputs[address] = value;
    }

    /** The input register's raw 16 bits, 0-65535. */
    public synchronized int inputRegister(int address) {
        return inputRegisters[address] & 0xFFFF;
    }

    public synchronized void setInputRegister(int address, int value) {
        inputRegisters[address] = (short) value;
    }

    /** The holding register's raw 16 bits, 0-65535. */
    public synchronized int holdingRegister(int address) {
        return holdingRegisters[address] & 0xFFFF;
    }

    public synchronized void setHoldingRegister(int address, int value) {
        holdingRegisters[address] = (short) value;
    }

    /** Writes a float32 into two holding registers, high word first (ABCD), as the power meter profile does. */
    public synchronized void setHoldingFloat(int address, float value) {
        int bits = Float.floatToIntBits(value);
        holdingRegisters[address] = (short) (bits >>> 16);
        holdingRegisters[address + 1] = (short) bits;
    }

    /** Reads a float32 from two holding registers, high word first (ABCD). */
    public synchronized float holdingFloat(int address) {
        int bits = (holdingRegisters[address] & 0xFFFF) << 16 | (holdingRegisters[address + 1] & 0xFFFF);
        return Float.intBitsToFloat(bits);
    }

    /** Runs the action under the bank's lock, so several registers change at once for readers. */
    public synchronized void update(Runnable action) {
        action.run();
    }

    synchronized void readBits(boolean discrete, int address, int count, boolean[] out) {
        System.arraycopy(discrete ? discreteInputs : coils, address, out, 0, count);
    }

    synchronized void readRegisters(boolean input, int address, int count, short[] out) {
        System.arraycopy(input ? inputRegisters : holdingRegisters, address, out, 0, count);
    }

    synchronized void writeCoils(int address, boolean[] values) {
        System.arraycopy(values, 0, coils, address, values.length);
    }

    synchronized void writeHoldingRegisters(int address, short[] values) {
        System.arraycopy(values, 0, holdingRegisters, address, values.length);
    }
}
