/** In-framework tests of the Modbus driver and simulator with the real pipeline. */
package io.plantwire.driver.modbus.itest;
