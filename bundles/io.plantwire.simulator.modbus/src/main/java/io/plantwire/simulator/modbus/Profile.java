package io.plantwire.simulator.modbus;

/** What a simulated device pretends to be; decides its register map and how the values move. */
public enum Profile {
    /**
     * A power meter: float32 (ABCD) holding registers voltage 0 (V), current 2 (A), active power 4 (W), energy 6
     * (Wh), frequency 8 (Hz), power factor 10; a writable demand limit at holding 100 (W) and a writable breaker coil
     * at coil 0.
     */
    POWER_METER("power-meter"),
    /**
     * A temperature reader: one int16 input register per tank (0, 1, 2, ...) holding the temperature in 0.1 °C,
     * and one discrete input per tank that is true while the sensor is healthy.
     */
    TEMPERATURE_READER("temperature-reader"),
    /** All registers zero and never changed by the simulator: tests set what they need. */
    BLANK("blank");

    private final String configName;

    Profile(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration, e.g. {@code power-meter}. */
    public String configName() {
        return configName;
    }

    /**
     * The profile with the given configuration name.
     *
     * @throws IllegalArgumentException naming the value and the known profiles
     */
    public static Profile fromConfigName(String name) {
        for (Profile p : values()) {
            if (p.configName.equalsIgnoreCase(name == null ? "" : name.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown profile '" + name + "', expected power-meter, temperature-reader or blank");
    }
}
