package io.plantwire.driver.tck.sample;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import io.plantwire.api.driver.Driver;
import io.plantwire.api.driver.ReadingIntake;

/** Leaks a thread per activation: the kit's lifecycle checks must fail it. */
@Component(configurationPid = LeakyLineDriver.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = Driver.class,
        immediate = true)
@Designate(ocd = LineDeviceConfig.class, factory = true)
public class LeakyLineDriver extends LineDeviceDriver {

    public static final String PID = "io.plantwire.tck.sample.leaky";

    @Activate
    public LeakyLineDriver(@Reference ReadingIntake intake, LineDeviceConfig config) {
        super(intake, config, Flaw.LEAKS_A_THREAD);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        stop();
    }
}
