/**
 * The driver conformance kit (TCK): checks, inside an OSGi framework, that a Plantwire driver bundle keeps the
 * driver contract of {@code io.plantwire.api.driver}.
 *
 * <p>To run it against your driver, write one test class in your project's test bundle:
 * <pre>{@code
 * class AcmeDriverConformanceTest extends DriverConformanceKit {
 *     protected DriverUnderTest driverUnderTest() {
 *         return new AcmeDriverUnderTest(); // your DriverUnderTest: PID, configurations, simulator on/off
 *     }
 * }
 * }</pre>
 * and run it with a bndrun holding your driver bundle, your test bundle, this bundle, Felix SCR and Config Admin
 * (docs/oem.md; bundles/io.plantwire.driver.modbus.tck is a complete example). Each check is one test method named
 * after the rule it checks; a failure says what the driver did and what the contract asks.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.plantwire.driver.tck;
