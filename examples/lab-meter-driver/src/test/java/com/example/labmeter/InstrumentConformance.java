package com.example.labmeter;

import io.plantwire.driver.tck.DriverConformanceKit;
import io.plantwire.driver.tck.DriverUnderTest;

/**
 * The Plantwire driver conformance kit run against this bundle, inside Felix ({@code mvn verify}, tck.bndrun). Not a
 * unit test (surefire does not pick it up): it needs the framework.
 */
class InstrumentConformance extends DriverConformanceKit {

    @Override
    protected DriverUnderTest driverUnderTest() {
        return new InstrumentUnderTest();
    }
}
