package io.plantwire.driver.tck.itest;

import io.plantwire.driver.tck.DriverConformanceKit;
import io.plantwire.driver.tck.DriverUnderTest;

/** The kit against the sample driver that leaks a thread per activation; run by {@link KitVerdictTest}, not on its own. */
public class LeakyDriverConformance extends DriverConformanceKit {

    @Override
    protected DriverUnderTest driverUnderTest() {
        return new LineDriverUnderTest("io.plantwire.tck.sample.leaky", LineDriverUnderTest.BROKEN_DRIVER_SLACK);
    }
}
