package io.plantwire.driver.modbus.tck;

import io.plantwire.driver.tck.DriverConformanceKit;
import io.plantwire.driver.tck.DriverUnderTest;

/** The Modbus driver against the driver conformance kit, with simulated power meters on loopback. */
class ModbusDriverConformanceTest extends DriverConformanceKit {

    @Override
    protected DriverUnderTest driverUnderTest() {
        return new ModbusDriverUnderTest();
    }
}
