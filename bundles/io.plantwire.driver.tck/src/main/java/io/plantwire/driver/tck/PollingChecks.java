package io.plantwire.driver.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;

import io.plantwire.api.driver.DeviceStatus;
import io.plantwire.api.driver.Driver;
import io.plantwire.api.driver.ReadingIntake;
import io.plantwire.driver.tck.internal.DriverBundle;
import io.plantwire.driver.tck.internal.Gateway;
import io.plantwire.driver.tck.internal.RecordingIntake;
import io.plantwire.driver.tck.internal.RecordingIntake.Arrival;
import io.plantwire.driver.tck.internal.Samples;
import io.plantwire.test.support.Await;

/**
 * The polling checks of the kit and what every check shares: the recording intake, the descriptor, Config Admin.
 * Extend {@link DriverConformanceKit}, not this class.
 *
 * <p>The kit registers its own {@link ReadingIntake} (ranked highest), so no pipeline is needed; it records what
 * the driver submits.
 */
abstract class PollingChecks {

    /** The service property a {@link Driver} service carries with the id of the device it serves. */
    public static final String DEVICE_ID_PROPERTY = Driver.DEVICE_ID;

    /**
     * {@link DriverUnderTest#DEFAULT_SLACK}, kept for kit subclasses written against kit 1.0. The checks use
     * {@link #slack()}, the descriptor's.
     */
    protected static final Duration SLACK = DriverUnderTest.DEFAULT_SLACK;

    /** Longest slack a descriptor may ask for: beyond this a failing check would look like a hung build. */
    static final Duration MAX_SLACK = Duration.ofMinutes(5);

    /** Poll interval of the polling checks. */
    protected static final Duration FAST_POLL = Duration.ofMillis(100);

    /** The driver under test of the running check. */
    protected DriverUnderTest driver;
    /** Config Admin and SCR of the test framework. */
    protected Gateway gateway;
    private Duration slack = SLACK;
    /** What the driver submitted. */
    protected RecordingIntake intake;
    /** The driver's bundle. */
    protected DriverBundle bundle;
    private ServiceRegistration<ReadingIntake> intakeRegistration;

    /** See {@link DriverConformanceKit#driverUnderTest()}. */
    protected abstract DriverUnderTest driverUnderTest() throws Exception;

    @BeforeEach
    void openKit() throws Exception {
        BundleContext context = FrameworkUtil.getBundle(PollingChecks.class).getBundleContext();
        gateway = new Gateway(context);
        intake = new RecordingIntake();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE);
        props.put(Constants.SERVICE_DESCRIPTION, "Plantwire driver TCK recording intake");
        intakeRegistration = context.registerService(ReadingIntake.class, intake, props);
        driver = driverUnderTest();
        if (driver == null) {
            throw new AssertionError(getClass().getName() + ".driverUnderTest() returned null");
        }
        slack = checkedSlack(driver);
        bundle = new DriverBundle(context, driver.bundleSymbolicName());
        bundle.bundle();
    }

    /** The descriptor's slack, refused with its value when it is not a positive duration of at most 5 minutes. */
    static Duration checkedSlack(DriverUnderTest driver) {
        Duration slack = driver.slack();
        if (slack == null || slack.isNegative() || slack.isZero() || slack.compareTo(MAX_SLACK) > 0) {
            throw new AssertionError(driver.getClass().getName() + ".slack() returned " + slack
                    + "; it must be more than zero and at most " + MAX_SLACK.toMinutes() + " minutes");
        }
        return slack;
    }

    /** What the kit adds to every bound of the running check: {@link DriverUnderTest#slack()}. */
    protected final Duration slack() {
        return slack;
    }

    /** Closes what {@link #openKit()} opened, also when it failed part-way (a null or refused descriptor). */
    @AfterEach
    void closeKit() throws Exception {
        try {
            gateway.deleteAll();
            if (bundle != null) {
                Await.until(slack(), () -> gateway.drivers().stream().noneMatch(r -> r.getBundle() == bundle.bundle()),
                        () -> "the driver's Driver services were still registered " + slack().toMillis()
                                + " ms after all its configurations were deleted");
            }
        } finally {
            intakeRegistration.unregister();
            gateway.close();
            if (driver != null) {
                driver.close();
            }
        }
    }

    // ---- helpers shared by the checks

    /** Configures a device with a valid configuration at the given poll interval. */
    protected Configuration configure(String deviceId, Duration pollInterval) throws Exception {
        return gateway.configure(driver.factoryPid(), deviceId, driver.validConfiguration(deviceId, pollInterval));
    }

    /** Waits until the device has submitted at least {@code n} more readings than {@code after}. */
    protected void awaitReadings(String deviceId, long after, int n, Duration bound, String when) {
        Await.until(bound, () -> intake.count(deviceId) >= after + n,
                () -> "device '" + deviceId + "' submitted " + (intake.count(deviceId) - after) + " reading(s) " + when
                        + ", expected at least " + n + activationHint(deviceId));
    }

    /** Waits until the device's Driver service is registered and returns it. */
    protected ServiceReference<Driver> awaitDriverService(String deviceId) {
        Await.until(slack(), () -> gateway.driverOf(deviceId, DEVICE_ID_PROPERTY).isPresent(),
                () -> "no Driver service with the property " + DEVICE_ID_PROPERTY + "=" + deviceId
                        + " was registered after the device's configuration was created" + activationHint(deviceId));
        return gateway.driverOf(deviceId, DEVICE_ID_PROPERTY).orElseThrow();
    }

    private String activationHint(String deviceId) {
        return gateway.activationFailure(driver.factoryPid() + "~" + deviceId)
                .map(f -> "; the component failed to activate: " + firstLines(f, 3)).orElse("");
    }

    /** Bound for a poll to happen: one interval plus the device timeout plus slack. */
    protected Duration pollBound(Duration pollInterval) {
        return pollInterval.plus(driver.timeout()).plus(slack());
    }

    static String firstLines(String text, int n) {
        String[] lines = text.split("\\R");
        return String.join(" | ", List.of(lines).subList(0, Math.min(n, lines.length)));
    }

    // ---- the polling checks

    @Test
    void activationWithAValidConfigurationRegistersADriverServiceWithTheDeviceIdAndReadingsArrive() throws Exception {
        configure("tck-1", FAST_POLL);
        ServiceReference<Driver> ref = awaitDriverService("tck-1");
        awaitReadings("tck-1", 0, 3, pollBound(FAST_POLL.multipliedBy(3)), "after activation");
        Driver service = gateway.context().getService(ref);
        try {
            List<DeviceStatus> status = service.deviceStatus();
            assertTrue(status != null && status.stream().anyMatch(s -> "tck-1".equals(s.deviceId())),
                    "Driver.deviceStatus() must list the device 'tck-1' it serves, got " + status);
            String type = service.driverType();
            assertTrue(type != null && !type.isBlank(), "Driver.driverType() must name the driver kind, got '" + type + "'");
        } finally {
            gateway.context().ungetService(ref);
        }
    }

    @Test
    void anInvalidConfigurationFailsActivationNamingTheFieldAndOtherDevicesKeepPolling() throws Exception {
        configure("tck-good", FAST_POLL);
        awaitReadings("tck-good", 0, 2, pollBound(FAST_POLL.multipliedBy(2)), "after activation");
        InvalidConfiguration invalid = driver.invalidConfiguration("tck-invalid");
        gateway.configure(driver.factoryPid(), "tck-invalid", invalid.properties());
        String pid = driver.factoryPid() + "~tck-invalid";

        if (!Await.within(slack(), () -> gateway.activationFailure(pid).isPresent())) {
            fail("the driver accepted an invalid configuration (" + invalid.field() + " = "
                    + invalid.properties().get(invalid.field()) + "): its component "
                    + (gateway.componentRuns(pid) ? "runs" : "did not fail visibly")
                    + ". Validate the configuration in activate and throw an exception naming the field and the value.");
        }
        String failure = gateway.activationFailure(pid).orElseThrow();
        assertTrue(failure.contains(invalid.field()), "activation failed, but the failure does not name the field '"
                + invalid.field() + "': " + firstLines(failure, 3));

        long before = intake.count("tck-good");
        awaitReadings("tck-good", before, 3, pollBound(FAST_POLL.multipliedBy(3)),
                "after another device's configuration failed");
        assertEquals(0, intake.count("tck-invalid"), "the device with the invalid configuration submitted readings");
    }

    @Test
    void readingsOfOneDeviceArriveInOrderOneThreadAtATimeAndEveryPointHasQualityAndSourceTime() throws Exception {
        configure("tck-1", FAST_POLL);
        configure("tck-2", FAST_POLL);
        awaitReadings("tck-1", 0, 20, pollBound(FAST_POLL.multipliedBy(20)), "while polling");
        awaitReadings("tck-2", 0, 20, pollBound(FAST_POLL.multipliedBy(20)), "while polling");
        assertEquals(List.of(), intake.violations(), "breaches of the submission contract");
        for (String id : List.of("tck-1", "tck-2")) {
            for (Arrival a : intake.arrivals(id)) {
                assertFalse(a.reading().points().isEmpty(), id + ": reading #" + a.sequence() + " has no points");
                assertFalse(a.reading().readTime().isAfter(a.arrived()), id + ": reading #" + a.sequence()
                        + " was read at " + a.reading().readTime() + ", after it arrived (" + a.arrived() + ")");
                a.reading().points().forEach((name, s) -> assertFalse(s.sourceTime().isAfter(a.arrived().plusSeconds(1)),
                        id + "/" + name + ": source time " + s.sourceTime() + " is in the future (arrived " + a.arrived() + ")"));
            }
        }
    }

    @Test
    void anUnreachableDeviceTurnsBadWithinItsTimeoutAndNeverReportsStaleGoodValues() throws Exception {
        configure("tck-1", FAST_POLL);
        awaitGood("tck-1", 0);
        long before = intake.count("tck-1");
        driver.makeUnreachable("tck-1");
        long firstBad = awaitUnreachableReading("tck-1", before);
        // Three more poll cycles while the device stays away: none of them may be GOOD.
        awaitReadings("tck-1", firstBad, 3, pollBound(FAST_POLL.multipliedBy(3)), "while the device was unreachable");
        for (Arrival a : intake.arrivalsAfter("tck-1", firstBad)) {
            assertFalse(Samples.anyGood(a.reading()), "reading #" + a.sequence() + " reports GOOD values although the "
                    + "device is unreachable (stale values must be BAD):" + Samples.describe(List.of(a), 1));
        }
    }

    @Test
    void aDeviceReachableAgainTurnsGoodAfterReconnectAndStaysGood() throws Exception {
        configure("tck-1", FAST_POLL);
        awaitGood("tck-1", 0);
        long before = intake.count("tck-1");
        driver.makeUnreachable("tck-1");
        // Give the driver time to notice; whether it reports that correctly is the check above, not this one.
        Await.within(pollBound(FAST_POLL), () -> firstMatching("tck-1", before, false).isPresent());
        long away = intake.count("tck-1");
        driver.makeReachable("tck-1");
        Duration bound = driver.reconnectBackoffMax().plus(pollBound(FAST_POLL));
        long firstGood = awaitGood("tck-1", away);
        awaitReadings("tck-1", firstGood, 3, pollBound(FAST_POLL.multipliedBy(3)), "after reconnecting");
        for (Arrival a : intake.arrivalsAfter("tck-1", firstGood)) {
            assertTrue(Samples.allGood(a.reading()), "after the device was back and one GOOD reading arrived, reading #"
                    + a.sequence() + " is not GOOD:" + Samples.describe(List.of(a), 1) + " (bound " + bound + ")");
        }
    }

    /** Waits for an all-GOOD reading after the given count; returns its sequence number. */
    protected long awaitGood(String deviceId, long after) {
        Duration bound = driver.reconnectBackoffMax().plus(pollBound(FAST_POLL));
        Await.until(bound, () -> firstMatching(deviceId, after, true).isPresent(),
                () -> "device '" + deviceId + "' submitted no reading with all points GOOD; last readings:"
                        + Samples.describe(intake.arrivalsAfter(deviceId, after), 5) + activationHint(deviceId));
        return firstMatching(deviceId, after, true).orElseThrow();
    }

    private long awaitUnreachableReading(String deviceId, long after) {
        Duration bound = pollBound(FAST_POLL);
        Await.until(bound, () -> firstMatching(deviceId, after, false).isPresent(),
                () -> "within its timeout (" + driver.timeout().toMillis() + " ms) plus a poll, device '" + deviceId
                        + "' did not report its points BAD with reason " + Samples.UNREACHABLE
                        + " after it became unreachable; readings since:" + Samples.describe(intake.arrivalsAfter(deviceId, after), 5));
        return firstMatching(deviceId, after, false).orElseThrow();
    }

    private Optional<Long> firstMatching(String deviceId, long after, boolean good) {
        for (Arrival a : intake.arrivalsAfter(deviceId, after)) {
            if (good ? Samples.allGood(a.reading()) : Samples.allUnreachable(a.reading())) {
                return Optional.of(a.sequence());
            }
        }
        return Optional.empty();
    }
}
