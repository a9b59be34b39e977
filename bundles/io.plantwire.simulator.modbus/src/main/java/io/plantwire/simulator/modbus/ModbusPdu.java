package io.plantwire.simulator.modbus;

/** Serves one request PDU from a register bank, as a slave does; returns the reply PDU. */
final class ModbusPdu {

    private ModbusPdu() {
    }

    static byte[] process(RegisterBank bank, byte[] pdu) {
        byte fc = pdu[0];
        try {
            switch (fc) {
                case 1:
                case 2:
                    return readBits(bank, pdu, fc == 2);
                case 3:
                case 4:
                    return readRegisters(bank, pdu, fc == 4);
                case 5:
                    return writeSingleCoil(bank, pdu);
                case 6:
                    return writeSingleRegister(bank, pdu);
                case 15:
                    return writeMultipleCoils(bank, pdu);
                case 16:
                    return writeMultipleRegisters(bank, pdu);
                default:
                    return ModbusTcpServer.exceptionPdu(fc, 1);
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            return ModbusTcpServer.exceptionPdu(fc, 3); // request shorter than its function code needs
        }
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    private static byte[] readBits(RegisterBank bank, byte[] pdu, boolean discrete) {
        int address = u16(pdu, 1);
        int count = u16(pdu, 3);
        if (count < 1 || count > 2000) {
            return ModbusTcpServer.exceptionPdu(pdu[0], 3);
        }
        if (address + count > 65536) {
            return ModbusTcpServer.exceptionPdu(pdu[0], 2);
        }
        boolean[] bits = new boolean[count];
        bank.readBits(discrete, address, count, bits);
        int bytes = (count + 7) / 8;
        byte[] r = new byte[2 + bytes];
        r[0] = pdu[0];
        r[1] = (byte) bytes;
        for (int i = 0; i < count; i++) {
            if (bits[i]) {
                r[2 + i / 8] |= (byte) (1 << (i % 8));
            }
        }
        return r;
    }

    private static byte[] readRegisters(RegisterBank bank, byte[] pdu, boolean input) {
        int address = u16(pdu, 1);
        int count = u16(pdu, 3);
        if (count < 1 || count > 125) {
            return ModbusTcpServer.exceptionPdu(pdu[0], 3);
        }
        if (address + count > 65536) {
            return ModbusTcpServer.exceptionPdu(pdu[0], 2);
        }
        short[] regs = new short[count];
        bank.readRegisters(input, address, count, regs);
        byte[] r = new byte[2 + 2 * count];
        r[0] = pdu[0];
        r[1] = (byte) (2 * count);
        for (int i = 0; i < count; i++) {
            r[2 + 2 * i] = (byte) (regs[i] >> 8);
            r[3 + 2 * i] = (byte) regs[i];
        }
        return r;
    }

    private static byte[] writeSingleCoil(RegisterBank bank, byte[] pdu) {
        int address = u16(pdu, 1);
        int value = u16(pdu, 3);
        if (value != 0xFF00 && value != 0x0000) {
            return ModbusTcpServer.exceptionPdu(pdu[0], 3);
        }
        bank.setCoil(address, value == 0xFF00);
        return pdu.clone();
    }

    private static byte[] writeSingleRegister(RegisterBank bank, byte[] pdu) {
        bank.setHoldingRegister(u16(pdu, 1), u16(pdu, 3));
        return pdu.clone();
    }

    private static byte[] writeMultipleCoils(RegisterBank bank, byte[] pdu) {
        int address = u16(pdu, 1);
        int count = u16(pdu, 3);
        int bytes = pdu[5] & 0xFF;
        if (count < 1 || count > 1968 || bytes != (count + 7) / 8 || pdu.length != 6 + bytes) {
            return ModbusTcpServer.exceptionPdu(pdu[0], 3);
        }
        if (address + count > 65536) {
            return ModbusTcpServer.exceptionPdu(pdu[0], 2);
        }
        boolean[] values = new boolean[count];
        for (int i = 0; i < count; i++) {
            values[i] = (pdu[6 + i / 8] >> (i % 8) & 1) != 0;
        }
        bank.writeCoils(address, values);
        return new byte[] {pdu[0], pdu[1], pdu[2], pdu[3], pdu[4]};
    }

    private static byte[] writeMultipleRegisters(RegisterBank bank, byte[] pdu) {
        int address = u16(pdu, 1);
        int count = u16(pdu, 3);
        int bytes = pdu[5] & 0xFF;
        if (count < 1 || count > 123 || bytes != 2 * count || pdu.length != 6 + bytes) {
            return ModbusTcpServer.exceptionPdu(pdu[0], 3);
        }
        if (address + count > 65536) {
            return ModbusTcpServer.exceptionPdu(pdu[0], 2);
        }
        short[] values = new short[count];
        for (int i = 0; i < count; i++) {
            values[i] = (short) u16(pdu, 6 + 2 * i);
        }
        bank.writeHoldingRegisters(address, values);
        return new byte[] {pdu[0], pdu[1], pdu[2], pdu[3], pdu[4]};
    }
}
