/**
 * The reusable half of a polling driver. A device component supplies the protocol half, a
 * {@link io.plantwire.driver.support.DeviceProtocol} (connect, read a poll group, close, optionally write), and
 * gets everything else from a {@link io.plantwire.driver.support.PolledDevice}:
 * <ul>
 * <li>a schedule per {@link io.plantwire.driver.support.PollGroup}, on the bundle's bounded
 * {@link io.plantwire.driver.support.DeviceScheduler} (a pool shared by all devices of the bundle, not a thread per
 * device);</li>
 * <li>exception safety: a read that throws yields BAD samples with a reason, and polling goes on;</li>
 * <li>reconnect with exponential backoff, and BAD(DISCONNECTED) samples while the device is down, never stale GOOD
 * values;</li>
 * <li>the device's {@link io.plantwire.api.driver.DeviceStatus}: requests, errors by reason, round-trip times and
 * their histogram;</li>
 * <li>ordered submission to {@link io.plantwire.api.driver.ReadingIntake}: one device's readings in order, one
 * thread at a time;</li>
 * <li>{@link io.plantwire.api.driver.OnDemandRead} for the dry run, and writes, both on the device's turn so they
 * never interleave with a poll on the wire;</li>
 * <li>a stop that waits for the device's running poll, closes its connection and never submits afterwards.</li>
 * </ul>
 *
 * <p>Extend {@link io.plantwire.driver.support.PolledDriver} for a component that serves one device per
 * configuration, or compose a {@code PolledDevice} yourself. Threading model and its limits:
 * {@code docs/decisions/driver-scheduling.md}; a walk-through: {@code docs/driver-support.md}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.plantwire.driver.support;
