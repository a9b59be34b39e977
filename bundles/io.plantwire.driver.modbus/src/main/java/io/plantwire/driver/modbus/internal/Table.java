package io.plantwire.driver.modbus.internal;

/** The four Modbus tables (data models), with the function code that reads each and the protocol's limits. */
enum Table {
    COIL("coil", 0, 1, true, true, 2000),
    DISCRETE_INPUT("discrete-input", 1, 2, true, false, 2000),
    INPUT_REGISTER("input-register", 3, 4, false, false, 125),
    HOLDING_REGISTER("holding-register", 4, 3, false, true, 125);

    /** The name in point maps. */
    final String configName;
    /** The leading digit of the Modicon reference (0xxxxx coils, 1xxxxx discrete inputs, 3xxxxx input, 4xxxxx holding). */
    final int modiconPrefix;
    final int readFunction;
    final boolean bits;
    final boolean writable;
    /** Most items one read request may ask for (Modbus application protocol v1.1b3, 6.1-6.4). */
    final int protocolLimit;

    Table(String configName, int modiconPrefix, int readFunction, boolean bits, boolean writable, int protocolLimit) {
        this.configName = configName;
        this.modiconPrefix = modiconPrefix;
        this.readFunction = readFunction;
        this.bits = bits;
        this.writable = writable;
        this.protocolLimit = protocolLimit;
    }

    /** Parses a table name as written in point maps; null if unknown. Accepts short aliases. */
    static Table parse(String text) {
        switch (text.trim().toLowerCase()) {
            case "coil":
            case "coils":
                return COIL;
            case "discrete-input":
            case "discrete":
            case "discrete-inputs":
                return DISCRETE_INPUT;
            case "input-register":
            case "input":
            case "input-registers":
                return INPUT_REGISTER;
            case "holding-register":
            case "holding":
            case "holding-registers":
                return HOLDING_REGISTER;
            default:
                return null;
        }
    }

    static Table byModiconPrefix(int digit) {
        for (Table t : values()) {
            if (t.modiconPrefix == digit) {
                return t;
            }
        }
        return null;
    }
}
