package io.plantwire.config.files.itest;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * A component of the test bundle configured like a sink: a name, a private password (DS: {@code .password}) and an
 * attribute whose only mark as a secret is its metatype type PASSWORD. It keeps what DS delivered, i.e. the values
 * after every Config Admin plugin ran (private {@code .}-keys included; DS leaves them out of service properties).
 */
@Component(service = SecretUser.class, configurationPid = SecretUser.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SecretUser.Config.class, factory = true)
public class SecretUser {

    static final String PID = "io.plantwire.itest.secretuser";

    @ObjectClassDefinition(id = PID, name = "Secret user (test)")
    @interface Config {
        String name();

        @AttributeDefinition(type = AttributeType.PASSWORD, required = false)
        String _password() default "";

        @AttributeDefinition(type = AttributeType.PASSWORD, required = false)
        String accessCode() default "";

        String greeting() default "";
    }

    final Config config;
    final Map<String, Object> properties;

    @Activate
    public SecretUser(Config config, Map<String, Object> properties) {
        this.config = config;
        this.properties = Map.copyOf(properties);
    }
}
