package io.plantwire.driver.tck.sample;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import io.plantwire.api.driver.Driver;
import io.plantwire.api.driver.ReadingIntake;

/** The sample driver that keeps the contract: the kit must pass it. */
@Component(configurationPid = CorrectLineDriver.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = Driver.class,
        immediate = true)
@Designate(ocd = LineDeviceConfig.class, factory = true)
public class CorrectLineDriver extends LineDeviceDriver {

    public static final String PID = "io.plantwire.tck.sample.correct";

    @Activate
    public CorrectLineDriver(@Reference ReadingIntake intake, LineDeviceConfig config) {
        super(intake, config, Flaw.NONE);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        stop();
    }
}
