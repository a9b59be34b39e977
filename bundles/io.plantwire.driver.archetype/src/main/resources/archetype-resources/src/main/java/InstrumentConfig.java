package ${package};

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Instrument (${driverType})", description = "One instrument reached over TCP. "
        + "One factory configuration per device.")
@interface InstrumentConfig {

    @AttributeDefinition(name = "Device id", description = "Unique on the gateway: letters, digits, _ - . (1-64)")
    String deviceId();

    @AttributeDefinition(name = "Host", description = "Host name or address of the instrument")
    String host() default "127.0.0.1";

    @AttributeDefinition(name = "Port", description = "TCP port of the instrument", min = "1", max = "65535")
    int port();

    @AttributeDefinition(name = "Points", description = "name or name|unit per point, e.g. temperature|Cel")
    String[] points();

    @AttributeDefinition(name = "Poll interval (ms)", min = "100", max = "3600000")
    long pollIntervalMs() default 1000;

    @AttributeDefinition(name = "Timeout (ms)", description = "Connect and reply timeout", min = "100",
            max = "60000")
    int timeoutMs() default 2000;
}
