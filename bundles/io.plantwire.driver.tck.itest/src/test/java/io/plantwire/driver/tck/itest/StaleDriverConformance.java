package io.plantwire.driver.tck.itest;

import io.plantwire.driver.tck.DriverConformanceKit;
import io.plantwire.driver.tck.DriverUnderTest;

/** The kit against the sample driver that reports stale GOOD values while the device is away; run by {@link KitVerdictTest}, not on its own. */
public class StaleDriverConformance extends DriverConformanceKit {

    @Override
    protected DriverUnderTest driverUnderTest() {
        return new LineDriverUnderTest("io.plantwire.tck.sample.stale", LineDriverUnderTest.BROKEN_DRIVER_SLACK);
    }
}
