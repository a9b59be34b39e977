package io.plantwire.driver.tck.itest;

import io.plantwire.driver.tck.DriverConformanceKit;
import io.plantwire.driver.tck.DriverUnderTest;

/** The kit against the sample driver that accepts an invalid configuration; run by {@link KitVerdictTest}, not on its own. */
public class LaxDriverConformance extends DriverConformanceKit {

    @Override
    protected DriverUnderTest driverUnderTest() {
        return new LineDriverUnderTest("io.plantwire.tck.sample.lax", LineDriverUnderTest.BROKEN_DRIVER_SLACK);
    }
}
