package io.plantwire.driver.modbus.internal;

/**
 * One point of a device's point map.
 *
 * @param name unique within the device
 * @param table the Modbus table
 * @param address 0-based protocol address of the first register or bit
 * @param type how the bits are read
 * @param registers registers taken (0 for BOOL points, which take one bit)
 * @param bit bit index 0-15 for {@link DataType#BIT}, else 0
 * @param order byte and word order
 * @param unit engineering unit, may be empty
 * @param pollMs poll interval of the point's group, in milliseconds
 * @param line where the point was defined, for messages (e.g. {@code points.csv line 7})
 */
record PointDefinition(String name, Table table, int address, DataType type, int registers, int bit,
        RegisterOrder order, String unit, long pollMs, String line) {

    /** Items (registers, or bits for coil/discrete tables) this point occupies in its table. */
    int size() {
        return table.bits ? 1 : registers;
    }

    /** Last address the point occupies. */
    int end() {
        return address + size() - 1;
    }
}
