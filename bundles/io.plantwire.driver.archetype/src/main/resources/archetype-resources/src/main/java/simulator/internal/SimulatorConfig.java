package ${package}.simulator.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Simulated instrument", description = "Serves the instrument's line protocol on "
        + "127.0.0.1 without hardware, for demos and tests. One configuration per simulated instrument.")
@interface SimulatorConfig {

    @AttributeDefinition(name = "Port", description = "TCP port on 127.0.0.1", min = "1", max = "65535")
    int port();

    @AttributeDefinition(name = "Points", description = "point=first value, e.g. temperature=21.5")
    String[] points() default { "temperature=21.5", "pressure=1.013" };

    @AttributeDefinition(name = "Step", description = "How much each value moves on every read (0: constant)")
    double step() default 0.1;
}
