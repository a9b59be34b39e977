/**
 * The driver SPI: how a protocol driver (Modbus, OPC UA, S7, an OEM's own) delivers readings to the gateway,
 * reports device status and accepts writes.
 *
 * <h2>Writing a driver bundle</h2>
 * <ol>
 * <li>Make a DS component per device, configured by a factory configuration (one per device) typed with a
 * metatype {@code @ObjectClassDefinition}, so the Web Console renders a form for it.</li>
 * <li>Reference {@link io.plantwire.api.driver.ReadingIntake} (mandatory, static). Poll the device on the
 * component's own scheduler thread and call {@link io.plantwire.api.driver.ReadingIntake#submit} with each
 * {@link io.plantwire.api.model.DeviceReading}: readings of one device must be submitted from one thread at a time,
 * in order.</li>
 * <li>Never submit wrong data as good: mark points you could not read BAD with a
 * {@link io.plantwire.api.model.Quality.Reason}.</li>
 * <li>Register the component as a {@link io.plantwire.api.driver.Driver} service so the console can show its
 * status and operators can write to points.</li>
 * <li>On deactivate stop the scheduler and close sockets: a bundle update must leave no thread behind.</li>
 * <li>Optionally implement {@link io.plantwire.api.driver.OnDemandRead} on the same object, so operators can
 * see what one poll would publish ({@code plantwire:dryrun}) before switching a device on.</li>
 * </ol>
 *
 * <p>1.1: {@link io.plantwire.api.driver.OnDemandRead}.
 *
 * <p>1.2: {@link io.plantwire.api.driver.DeviceStatus#builder}, the round-trip histogram
 * ({@link io.plantwire.api.driver.RoundTripHistogram}) and errors by reason in the status,
 * {@link io.plantwire.api.driver.Driver#DEVICE_ID}, and a default {@link io.plantwire.api.driver.Driver#write} for
 * read-only drivers. The bundle {@code io.plantwire.driver.support} does all of the above for a driver that supplies
 * only connect, read and close.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.plantwire.api.driver;
