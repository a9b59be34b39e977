/** The Modbus driver against the driver conformance kit. */
package io.plantwire.driver.modbus.tck;
