/**
 * Simulated Modbus TCP devices for demos and tests.
 *
 * <p>A {@link io.plantwire.simulator.modbus.ModbusTcpServer} listens on one port and answers for one or more
 * {@link io.plantwire.simulator.modbus.SimulatedDevice}s, each with its own unit id, like a serial gateway in
 * front of a bus of meters. A device's {@link io.plantwire.simulator.modbus.Profile} fills its registers with
 * plausible, varying values; tests can freeze a device and set registers directly through its
 * {@link io.plantwire.simulator.modbus.RegisterBank}, and inject {@link io.plantwire.simulator.modbus.Fault}s
 * (late reply, exception code, dropped connection, stale reply, no reply) for the next requests.
 *
 * <p>Inside the gateway the simulator is configured per device by factory configurations of PID
 * {@code io.plantwire.simulator.modbus.device}; each configured device is also registered as a
 * {@link io.plantwire.simulator.modbus.SimulatedDevice} service so in-framework tests can reach it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.plantwire.simulator.modbus;
