package io.plantwire.simulator.modbus.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "Plantwire simulated Modbus device",
        description = "A simulated Modbus TCP device (power meter or temperature reader) for demos and tests. "
                + "Devices configured with the same port share one listening socket and answer by unit id.")
@interface SimulatedDeviceConfig {

    @AttributeDefinition(name = "Host", description = "Address to listen on. Keep 127.0.0.1 unless other machines must reach the simulator.")
    String host() default "127.0.0.1";

    @AttributeDefinition(name = "Port", description = "TCP port (1-65535). Devices with the same port share it.", min = "1", max = "65535")
    int port() default 5020;

    @AttributeDefinition(name = "Framing", description = "Modbus TCP, or RTU over TCP like a transparent serial converter. Devices sharing a port must use the same framing.",
            options = {@Option(value = "tcp", label = "Modbus TCP"), @Option(value = "rtu-over-tcp", label = "RTU over TCP")})
    String framing() default "tcp";

    @AttributeDefinition(name = "Unit id", description = "Modbus unit id the device answers to (0-255), unique per port.", min = "0", max = "255")
    int unitId() default 1;

    @AttributeDefinition(name = "Profile", description = "What the device simulates; see docs/modbus.md for the register maps.",
            options = {@Option(value = "power-meter", label = "Power meter (float32 holding registers)"),
                    @Option(value = "temperature-reader", label = "Temperature reader (int16 x10 input registers, one per tank)"),
                    @Option(value = "blank", label = "Blank (all zero, for tests)")})
    String profile() default "power-meter";

    @AttributeDefinition(name = "Tanks", description = "Number of tanks a temperature reader measures (1-100).", min = "1", max = "100")
    int tanks() default 3;

    @AttributeDefinition(name = "Noise seed", description = "Seed of the random noise on the values; 0 derives it from the unit id.")
    long seed() default 0;

    @AttributeDefinition(name = "Fault", description = "Fault to show periodically (every 'Fault every' requests), for demos of the driver's error handling.",
            options = {@Option(value = "none", label = "None"),
                    @Option(value = "late-reply", label = "Late reply (after 'Fault delay')"),
                    @Option(value = "exception", label = "Exception reply ('Fault exception code')"),
                    @Option(value = "drop-connection", label = "Drop the connection"),
                    @Option(value = "no-reply", label = "No reply"),
                    @Option(value = "stale-reply", label = "Stale reply (previous answer again)")})
    String fault() default "none";

    @AttributeDefinition(name = "Fault every", description = "Show the fault on every n-th request to this device; 0 = never.", min = "0")
    int faultEveryRequests() default 0;

    @AttributeDefinition(name = "Fault exception code", description = "Modbus exception code for the 'exception' fault (1-255), e.g. 2 illegal address, 4 device failure, 6 busy.", min = "1", max = "255")
    int faultExceptionCode() default 4;

    @AttributeDefinition(name = "Fault delay (ms)", description = "How late a 'late-reply' fault answers.", min = "0")
    int faultDelayMs() default 3000;
}
