package io.plantwire.health.itest;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/**
 * A real DS component of the test bundle that fails to activate when its configuration says so: what a feature's
 * configuration does to a component when it names a bad value (FeatureComponentsInFrameworkTest).
 */
@Component(configurationPid = ProbeComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = ProbeComponent.class, immediate = true)
public class ProbeComponent {

    static final String PID = "probe.failing";

    @interface Config {
        boolean fail() default false;
    }

    @Activate
    public ProbeComponent(Config config) {
        if (config.fail()) {
            throw new IllegalArgumentException(PID + ": fail=true asks this component to fail");
        }
    }
}
