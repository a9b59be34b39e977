package io.plantwire.driver.modbus.internal;

import java.io.IOException;

/**
 * A master's connection to one device (or one gateway port), used from one thread at a time.
 *
 * <p>Failures are told apart because the driver handles them differently: {@link ModbusTimeoutException} (no
 * answer in time), {@link ModbusDesyncException} (an answer that does not belong to the request),
 * {@link ModbusExceptionReply} (the device refused) and any other {@link IOException} (the connection is gone).
 * After a timeout or a desync the caller must {@link #close()} the connection: bytes of the unanswered request may
 * still arrive and would otherwise be read as the answer to the next one.
 */
interface ModbusClient extends AutoCloseable {

    void connect() throws IOException;

    boolean isConnected();

    /** Reads coils (FC 1) or discrete inputs (FC 2). */
    boolean[] readBits(int unitId, Table table, int address, int count) throws IOException, ModbusExceptionReply;

    /** Reads holding (FC 3) or input registers (FC 4). */
    short[] readRegisters(int unitId, Table table, int address, int count) throws IOException, ModbusExceptionReply;

    /** FC 5. */
    void writeSingleCoil(int unitId, int address, boolean value) throws IOException, ModbusExceptionReply;

    /** FC 15. */
    void writeMultipleCoils(int unitId, int address, boolean[] values) throws IOException, ModbusExceptionReply;

    /** FC 6. */
    void writeSingleRegister(int unitId, int address, short value) throws IOException, ModbusExceptionReply;

    /** FC 16. */
    void writeMultipleRegisters(int unitId, int address, short[] values) throws IOException, ModbusExceptionReply;

    /** Closes the connection; safe to call from another thread to unblock a read, and more than once. */
    @Override
    void close();

    /** Thrown when no complete answer arrived within the timeout. */
    final class ModbusTimeoutException extends IOException {
        private static final long serialVersionUID = 1L;

        ModbusTimeoutException(String message) {
            super(message);
        }
    }

    /** Thrown when an answer does not match its request (transaction id, unit, function, length or CRC). */
    final class ModbusDesyncException extends IOException {
        private static final long serialVersionUID = 1L;

        ModbusDesyncException(String message) {
            super(message);
        }
    }

    /** The device answered with a Modbus exception code. */
    final class ModbusExceptionReply extends Exception {
        private static final long serialVersionUID = 1L;

        private final int code;

        ModbusExceptionReply(int code) {
            super("exception " + code + " (" + describe(code) + ")");
            this.code = code;
        }

        int code() {
            return code;
        }

        static String describe(int code) {
            switch (code) {
                case 1:
                    return "illegal function";
                case 2:
                    return "illegal data address";
                case 3:
                    return "illegal data value";
                case 4:
                    return "server device failure";
                case 5:
                    return "acknowledge";
                case 6:
                    return "server device busy";
                case 8:
                    return "memory parity error";
                case 10:
                    return "gateway path unavailable";
                case 11:
                    return "gateway target device failed to respond";
                default:
                    return "unknown code";
            }
        }
    }
}
