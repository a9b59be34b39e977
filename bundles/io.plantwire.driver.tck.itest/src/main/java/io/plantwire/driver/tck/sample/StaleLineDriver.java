package io.plantwire.driver.tck.sample;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import io.plantwire.api.driver.Driver;
import io.plantwire.api.driver.ReadingIntake;

/** Reports the last values as GOOD while the device is away: the kit's unreachable check must fail it. */
@Component(configurationPid = StaleLineDriver.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = Driver.class,
        immediate = true)
@Designate(ocd = LineDeviceConfig.class, factory = true)
public class StaleLineDriver extends LineDeviceDriver {

    public static final String PID = "io.plantwire.tck.sample.stale";

    @Activate
    public StaleLineDriver(@Reference ReadingIntake intake, LineDeviceConfig config) {
        super(intake, config, Flaw.STALE_GOOD_ON_DISCONNECT);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        stop();
    }
}
