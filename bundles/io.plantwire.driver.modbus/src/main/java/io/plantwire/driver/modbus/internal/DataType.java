package io.plantwire.driver.modbus.internal;

/** How a point's bits are interpreted. */
enum DataType {
    /** A coil or discrete input. */
    BOOL("bool", 0),
    /** One bit (0 = least significant) of a 16-bit register. */
    BIT("bit", 1),
    INT16("int16", 1),
    UINT16("uint16", 1),
    INT32("int32", 2),
    UINT32("uint32", 2),
    INT64("int64", 4),
    UINT64("uint64", 4),
    FLOAT32("float32", 2),
    FLOAT64("float64", 4),
    /** Text of N registers (2 characters each, ISO-8859-1, NUL padded). */
    STRING("string", 0);

    final String configName;
    /** Registers taken; 0 for BOOL (a bit) and STRING (its length is configured). */
    final int registers;

    DataType(String configName, int registers) {
        this.configName = configName;
        this.registers = registers;
    }

    static DataType parse(String name) {
        for (DataType t : values()) {
            if (t.configName.equalsIgnoreCase(name.trim())) {
                return t;
            }
        }
        return null;
    }
}
