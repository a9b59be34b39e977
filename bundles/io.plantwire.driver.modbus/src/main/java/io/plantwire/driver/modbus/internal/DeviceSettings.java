package io.plantwire.driver.modbus.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** A device's validated configuration, with its point map read and checked. */
record DeviceSettings(String deviceId, Transport transport, String host, int port, String serialPort, int baudRate,
        String parity, int dataBits, int stopBits, int unitId, int timeoutMs, int retries, int pollIntervalMs,
        int maxRegisters, int maxBits, int maxGapRegisters, int maxGapBits, int pauseMs, int backoffMinMs,
        int backoffMaxMs, int busyBackoffMs, List<PointDefinition> points) {

    enum Transport {
        TCP("tcp"), RTU_OVER_TCP("rtu-over-tcp"), SERIAL_RTU("serial-rtu");

        final String configName;

        Transport(String configName) {
            this.configName = configName;
        }
    }

    /**
     * Validates a configuration.
     *
     * @throws IllegalArgumentException naming the field and the value (for a point map, every bad row with its line)
     */
    static DeviceSettings from(ModbusDeviceConfig c) {
        String deviceId = c.deviceId() == null ? "" : c.deviceId().trim();
        require(!deviceId.isEmpty() && deviceId.length() <= 128 && deviceId.matches("[A-Za-z0-9][A-Za-z0-9_.-]*"), "deviceId", c.deviceId(),
                "must be 1-128 characters A-Z a-z 0-9 _ . - starting with a letter or digit");
        Transport transport = null;
        for (Transport t : Transport.values()) {
            if (t.configName.equalsIgnoreCase(c.transport().trim())) {
                transport = t;
            }
        }
        require(transport != null, "transport", c.transport(), "is not one of tcp, rtu-over-tcp, serial-rtu");
        if (transport == Transport.SERIAL_RTU) {
            require(!c.serialPort().isBlank(), "serialPort", c.serialPort(), "is required for serial-rtu");
            require(c.baudRate() >= 300 && c.baudRate() <= 921600, "baudRate", c.baudRate(), "must be 300-921600");
            require(List.of("none", "even", "odd").contains(c.parity().trim().toLowerCase()), "parity", c.parity(), "must be none, even or odd");
            require(c.dataBits() == 7 || c.dataBits() == 8, "dataBits", c.dataBits(), "must be 7 or 8");
            require(c.stopBits() == 1 || c.stopBits() == 2, "stopBits", c.stopBits(), "must be 1 or 2");
        } else {
            require(!c.host().isBlank(), "host", c.host(), "is required for " + transport.configName);
            require(c.port() >= 1 && c.port() <= 65535, "port", c.port(), "must be 1-65535");
        }
        require(c.unitId() >= 0 && c.unitId() <= 255, "unitId", c.unitId(), "must be 0-255");
        require(c.timeoutMs() >= 10 && c.timeoutMs() <= 60000, "timeoutMs", c.timeoutMs(), "must be 10-60000");
        require(c.retries() >= 0 && c.retries() <= 5, "retries", c.retries(), "must be 0-5");
        require(c.pollIntervalMs() >= 10, "pollIntervalMs", c.pollIntervalMs(), "must be at least 10");
        require(c.maxRegistersPerRequest() >= 1 && c.maxRegistersPerRequest() <= 125, "maxRegistersPerRequest",
                c.maxRegistersPerRequest(), "must be 1-125 (the Modbus limit for reads)");
        require(c.maxBitsPerRequest() >= 1 && c.maxBitsPerRequest() <= 2000, "maxBitsPerRequest", c.maxBitsPerRequest(),
                "must be 1-2000 (the Modbus limit for reads)");
        require(c.maxGapRegisters() >= 0 && c.maxGapRegisters() < c.maxRegistersPerRequest(), "maxGapRegisters", c.maxGapRegisters(),
                "must be 0 to maxRegistersPerRequest-1");
        require(c.maxGapBits() >= 0 && c.maxGapBits() < c.maxBitsPerRequest(), "maxGapBits", c.maxGapBits(), "must be 0 to maxBitsPerRequest-1");
        require(c.pauseBetweenRequestsMs() >= 0 && c.pauseBetweenRequestsMs() <= 10000, "pauseBetweenRequestsMs", c.pauseBetweenRequestsMs(), "must be 0-10000");
        require(c.reconnectBackoffMinMs() >= 10, "reconnectBackoffMinMs", c.reconnectBackoffMinMs(), "must be at least 10");
        require(c.reconnectBackoffMaxMs() >= c.reconnectBackoffMinMs(), "reconnectBackoffMaxMs", c.reconnectBackoffMaxMs(),
                "must be at least reconnectBackoffMinMs (" + c.reconnectBackoffMinMs() + ")");
        require(c.busyBackoffMs() >= 0 && c.busyBackoffMs() <= 60000, "busyBackoffMs", c.busyBackoffMs(), "must be 0-60000");

        PointMapParser parser = new PointMapParser(c.pollIntervalMs(), c.maxRegistersPerRequest(), c.maxBitsPerRequest());
        String[] inline = c.points() == null ? new String[0] : c.points();
        parser.add("points", Arrays.asList(inline), 1);
        String file = c.pointsFile() == null ? "" : c.pointsFile().trim();
        if (!file.isEmpty()) {
            try {
                parser.add(file, Files.readAllLines(Path.of(file), StandardCharsets.UTF_8), 1);
            } catch (IOException e) {
                throw new IllegalArgumentException("pointsFile: cannot read '" + file + "': " + e);
            }
        }
        List<PointDefinition> points;
        try {
            points = parser.points();
        } catch (PointMapException e) {
            throw new IllegalArgumentException("points: " + e.getMessage(), e);
        }
        require(!points.isEmpty(), "points", Arrays.toString(inline) + " / pointsFile '" + file + "'", "define no point: nothing to poll");
        return new DeviceSettings(deviceId, transport, c.host().trim(), c.port(), c.serialPort().trim(), c.baudRate(),
                c.parity().trim().toLowerCase(), c.dataBits(), c.stopBits(), c.unitId(), c.timeoutMs(), c.retries(),
                c.pollIntervalMs(), c.maxRegistersPerRequest(), c.maxBitsPerRequest(), c.maxGapRegisters(), c.maxGapBits(),
                c.pauseBetweenRequestsMs(), c.reconnectBackoffMinMs(), c.reconnectBackoffMaxMs(), c.busyBackoffMs(), points);
    }

    private static void require(boolean ok, String field, Object value, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(field + ": '" + value + "' " + problem);
        }
    }

    /** Where the device is reached, for people. */
    String endpoint() {
        switch (transport) {
            case SERIAL_RTU:
                return "serial://" + serialPort + " " + baudRate + " " + dataBits + parity.toUpperCase().charAt(0) + stopBits + " unit " + unitId;
            case RTU_OVER_TCP:
                return "rtu-over-tcp://" + host + ":" + port + " unit " + unitId;
            default:
                return "tcp://" + host + ":" + port + " unit " + unitId;
        }
    }

    ModbusClient newClient() {
        switch (transport) {
            case SERIAL_RTU:
                return new SerialRtuModbusClient(serialPort, baudRate, parity, dataBits, stopBits, timeoutMs);
            case RTU_OVER_TCP:
                return new SocketModbusClient(host, port, timeoutMs, true);
            default:
                return new SocketModbusClient(host, port, timeoutMs, false);
        }
    }
}
