package io.plantwire.driver.tck.itest;

import java.time.Duration;

import io.plantwire.driver.tck.DriverConformanceKit;
import io.plantwire.driver.tck.DriverUnderTest;

/** The kit against a descriptor that asks for no slack at all; run by {@link KitVerdictTest}, not on its own. */
public class ZeroSlackConformance extends DriverConformanceKit {

    @Override
    protected DriverUnderTest driverUnderTest() {
        return new LineDriverUnderTest("io.plantwire.tck.sample.correct", Duration.ZERO);
    }
}
