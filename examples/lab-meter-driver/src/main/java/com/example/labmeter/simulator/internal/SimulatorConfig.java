package com.example.labmeter.simulator.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Simulated lab meter", description = "Serves the lab meter's protocol on "
        + "127.0.0.1 without hardware, for demos and tests. One configuration per simulated instrument.")
@interface SimulatorConfig {

    @AttributeDefinition(name = "Port", description = "TCP port on 127.0.0.1", min = "1", max = "65535")
    int port();

    @AttributeDefinition(name = "Channels", description = "channel=first value, e.g. 1=21.5")
    String[] channels() default { "1=21.5", "2=1.013" };

    @AttributeDefinition(name = "Step", description = "How much each value moves on every read (0: constant)")
    double step() default 0.1;
}
