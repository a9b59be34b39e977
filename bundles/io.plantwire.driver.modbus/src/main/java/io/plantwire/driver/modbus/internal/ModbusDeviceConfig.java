package io.plantwire.driver.modbus.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "Plantwire Modbus device",
        description = "One Modbus device polled by the gateway. Points come from the inline rows and/or a CSV file "
                + "(columns name,table,address,type,order,unit,pollMs; see docs/modbus.md).")
@interface ModbusDeviceConfig {

    @AttributeDefinition(name = "Device id", description = "Unique id of the device on the gateway, e.g. meter-1. Readings carry it.")
    String deviceId();

    @AttributeDefinition(name = "Transport", options = {
            @Option(value = "tcp", label = "Modbus TCP"),
            @Option(value = "rtu-over-tcp", label = "RTU over TCP (serial converter in transparent mode)"),
            @Option(value = "serial-rtu", label = "Serial RTU")})
    String transport() default "tcp";

    @AttributeDefinition(name = "Host", description = "Host name or address of the device or gateway (TCP transports).")
    String host() default "127.0.0.1";

    @AttributeDefinition(name = "Port", description = "TCP port (1-65535).", min = "1", max = "65535")
    int port() default 502;

    @AttributeDefinition(name = "Serial port", description = "Serial device for serial-rtu, e.g. /dev/ttyUSB0 or COM3.")
    String serialPort() default "";

    @AttributeDefinition(name = "Baud rate", description = "Serial-rtu only.", min = "300", max = "921600")
    int baudRate() default 9600;

    @AttributeDefinition(name = "Parity", description = "Serial-rtu only.", options = {
            @Option(value = "none", label = "None"), @Option(value = "even", label = "Even"), @Option(value = "odd", label = "Odd")})
    String parity() default "even";

    @AttributeDefinition(name = "Data bits", description = "Serial-rtu only (7 or 8).", min = "7", max = "8")
    int dataBits() default 8;

    @AttributeDefinition(name = "Stop bits", description = "Serial-rtu only (1 or 2).", min = "1", max = "2")
    int stopBits() default 1;

    @AttributeDefinition(name = "Unit id", description = "Modbus unit (slave) id, 0-255 (1-247 on serial lines).", min = "0", max = "255")
    int unitId() default 1;

    @AttributeDefinition(name = "Timeout (ms)", description = "How long to wait for an answer (and for a TCP connect).", min = "10", max = "60000")
    int timeoutMs() default 1000;

    @AttributeDefinition(name = "Retries", description = "Further attempts of a read after a timeout, a mismatched answer or exception codes 4 and up (0-5). "
            + "Exceptions 1-3 are never retried.", min = "0", max = "5")
    int retries() default 1;

    @AttributeDefinition(name = "Poll interval (ms)", description = "Poll interval of points without their own pollMs.", min = "10")
    int pollIntervalMs() default 1000;

    @AttributeDefinition(name = "Max registers per request", description = "1-125 (the protocol limit); lower it for devices with smaller buffers.", min = "1", max = "125")
    int maxRegistersPerRequest() default 125;

    @AttributeDefinition(name = "Max bits per request", description = "Coils/discrete inputs per request, 1-2000 (the protocol limit).", min = "1", max = "2000")
    int maxBitsPerRequest() default 2000;

    @AttributeDefinition(name = "Max register gap", description = "Unused registers a request may read to merge two points into one request (0 = only adjacent points). "
            + "Some devices answer exception 2 for unmapped registers: set 0 for them.", min = "0", max = "124")
    int maxGapRegisters() default 10;

    @AttributeDefinition(name = "Max bit gap", description = "Unused coils/discrete inputs a request may read to merge two points.", min = "0", max = "1999")
    int maxGapBits() default 64;

    @AttributeDefinition(name = "Pause between requests (ms)", description = "Quiet time between two requests, for slow devices and serial gateways.", min = "0", max = "10000")
    int pauseBetweenRequestsMs() default 0;

    @AttributeDefinition(name = "Reconnect backoff min (ms)", description = "Wait before the first reconnect attempt; doubles on each failure.", min = "10")
    int reconnectBackoffMinMs() default 500;

    @AttributeDefinition(name = "Reconnect backoff max (ms)", description = "Longest wait between reconnect attempts.", min = "10")
    int reconnectBackoffMaxMs() default 30000;

    @AttributeDefinition(name = "Busy backoff (ms)", description = "Wait before retrying after exception 6 (device busy); grows with each retry.", min = "0", max = "60000")
    int busyBackoffMs() default 200;

    @AttributeDefinition(name = "Points", description = "Point map rows: name,table,address,type,order,unit,pollMs "
            + "e.g. 'voltage,holding-register,0,float32,ABCD,V' or 'temp1,,3x00001,int16,,0.1 Cel'.")
    String[] points() default {};

    @AttributeDefinition(name = "Points file", description = "Path of a CSV point map (same columns; a header row may reorder them). Empty for none.")
    String pointsFile() default "";
}
