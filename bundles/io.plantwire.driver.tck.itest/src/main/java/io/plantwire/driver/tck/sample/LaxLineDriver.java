package io.plantwire.driver.tck.sample;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import io.plantwire.api.driver.Driver;
import io.plantwire.api.driver.ReadingIntake;

/** Activates with an invalid configuration: the kit's invalid-configuration check must fail it. */
@Component(configurationPid = LaxLineDriver.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = Driver.class,
        immediate = true)
@Designate(ocd = LineDeviceConfig.class, factory = true)
public class LaxLineDriver extends LineDeviceDriver {

    public static final String PID = "io.plantwire.tck.sample.lax";

    @Activate
    public LaxLineDriver(@Reference ReadingIntake intake, LineDeviceConfig config) {
        super(intake, config, Flaw.IGNORES_INVALID_CONFIGURATION);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        stop();
    }
}
