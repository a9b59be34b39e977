package io.plantwire.config.snapshots.itest;

import java.util.Map;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * A component of the test bundle configured like a device: host, a port with a range, a PASSWORD attribute. As a
 * {@code Supplier} service (property {@code itest.device=<name>}) it gives what DS delivered, i.e. after the
 * interpolation plugin resolved {@code $[secret:...]}.
 */
@Component(service = Supplier.class, configurationPid = TestDevice.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = "itest.device=true")
@Designate(ocd = TestDevice.Config.class, factory = true)
public class TestDevice implements Supplier<Map<String, Object>> {

    static final String PID = "io.plantwire.itest.device";

    @ObjectClassDefinition(id = PID, name = "Device (test)")
    @interface Config {
        String host() default "127.0.0.1";

        @AttributeDefinition(min = "1", max = "65535")
        int port() default 502;

        @AttributeDefinition(type = AttributeType.PASSWORD, required = false)
        String accessCode() default "";
    }

    private final Map<String, Object> properties;

    @Activate
    public TestDevice(Map<String, Object> properties) {
        this.properties = Map.copyOf(properties);
    }

    @Override
    public Map<String, Object> get() {
        return properties;
    }
}
