package io.plantwire.driver.tck;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * What the conformance kit needs to know about a driver, written by the driver's author: which bundle and factory
 * PID to test, a valid and an invalid device configuration, and how to take a simulated device off the network and
 * back. Return one from {@link DriverConformanceKit#driverUnderTest()}.
 *
 * <p>The kit asks for a fresh instance before every check and {@linkplain #close() closes} it afterwards: start
 * simulated devices lazily in {@link #validConfiguration} (one per device id, so one can be unreachable while
 * another is not) and stop them in {@link #close()}.
 */
@ConsumerType
public interface DriverUnderTest extends AutoCloseable {

    /** Bundle-SymbolicName of the driver bundle; the kit updates, stops and starts it. */
    String bundleSymbolicName();

    /** Factory PID of the driver's device configurations, e.g. {@code com.acme.driver.device}. */
    String factoryPid();

    /**
     * A valid configuration of one device that is reachable now (start its simulator here if needed).
     *
     * @param deviceId the device id the configuration must carry (the kit looks for a {@code Driver} service with
     *        this id and for readings of it)
     * @param pollInterval the poll interval the configuration must set (the kit uses short ones for load, a very
     *        long one to check {@code OnDemandRead} without polls in between)
     * @return the configuration properties, as Config Admin would hold them
     */
    Map<String, Object> validConfiguration(String deviceId, Duration pollInterval) throws Exception;

    /**
     * A configuration the driver must refuse, and the field its failure must name.
     *
     * @param deviceId the device id to use
     */
    InvalidConfiguration invalidConfiguration(String deviceId) throws Exception;

    /** The device timeout set by {@link #validConfiguration}: how long the driver waits for an answer. */
    Duration timeout();

    /**
     * Longest time the driver waits between reconnect attempts (its maximum backoff) as configured by
     * {@link #validConfiguration}; the kit allows this long, plus the timeout and a poll, for GOOD readings after
     * the device is back. Default 5 s.
     */
    default Duration reconnectBackoffMax() {
        return Duration.ofSeconds(5);
    }

    /** The default of {@link #slack()}. */
    Duration DEFAULT_SLACK = Duration.ofSeconds(10);

    /**
     * What the kit adds to every bound the contract sets (the device timeout, a poll interval, the reconnect backoff,
     * the end of threads and sockets after a stop or update). A driver that keeps its contract is never near a bound
     * plus this; a driver that breaks a rule makes the kit wait this long before the check fails. Raise it for a
     * build machine that is slow to schedule threads; more than zero and at most 5 minutes. Default 10 s
     * ({@link #DEFAULT_SLACK}).
     */
    default Duration slack() {
        return DEFAULT_SLACK;
    }

    /** Makes the device unreachable, as a pulled cable or a dead device would (e.g. close its simulator). */
    void makeUnreachable(String deviceId) throws Exception;

    /** Makes the device reachable again at the same address (e.g. restart its simulator on the same port). */
    void makeReachable(String deviceId) throws Exception;

    /** How to check writes, if the driver writes; empty for a read-only driver (the default). */
    default Optional<WriteChecks> writeChecks() {
        return Optional.empty();
    }

    /** Stops what this descriptor started (simulators). Called after every check. */
    @Override
    default void close() throws Exception {
    }
}
