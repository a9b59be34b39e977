package com.example.labmeter;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Lab meter", description = "One lab meter on TCP (SCPI-style); one per device.")
@interface InstrumentConfig {

    @AttributeDefinition(description = "Unique on the gateway: letters, digits, _ - . (at most 64)")
    String deviceId();

    @AttributeDefinition(description = "Host name or address of the meter")
    String host() default "127.0.0.1";

    @AttributeDefinition(description = "TCP port of the meter", min = "1", max = "65535")
    int port();

    @AttributeDefinition(description = "One entry per point: name=channel or name=channel|unit, e.g. temperature=1|Cel")
    String[] channels();

    @AttributeDefinition(min = "10", max = "3600000")
    long pollIntervalMs() default 1000;

    @AttributeDefinition(description = "Connect and answer timeout", min = "100", max = "60000")
    int timeoutMs() default 2000;
}
