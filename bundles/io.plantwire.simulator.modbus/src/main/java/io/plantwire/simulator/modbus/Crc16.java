package io.plantwire.simulator.modbus;

/** The Modbus RTU CRC-16 (polynomial 0xA001 reflected, initial 0xFFFF); low byte goes first on the wire. */
final class Crc16 {

    private Crc16() {
    }

    static int of(byte[] b, int off, int len) {
        int crc = 0xFFFF;
        for (int i = off; i < off + len; i++) {
            crc ^= b[i] & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
            }
        }
        return crc;
    }
}
