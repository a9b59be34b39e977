package io.plantwire.driver.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;

import io.plantwire.api.driver.DeviceStatus;
import io.plantwire.api.driver.DeviceWriteException;
import io.plantwire.api.driver.Driver;
import io.plantwire.api.driver.OnDemandRead;
import io.plantwire.api.driver.WriteRequest;
import io.plantwire.api.driver.WriteResult;
import io.plantwire.api.model.DeviceReading;
import io.plantwire.api.model.Value;
import io.plantwire.driver.tck.internal.Samples;
import io.plantwire.test.support.Await;

/**
 * The Plantwire driver conformance kit. Extend this class in your driver project's test bundle, return your
 * {@link DriverUnderTest} from {@link #driverUnderTest()}, and run it inside Felix (bnd-testing-maven-plugin).
 * Every test method is one rule of the driver contract ({@code io.plantwire.api.driver}); its failure message says
 * what your driver did instead.
 *
 * <p>The checks, by test method name:
 * <ul>
 * <li>activation with a valid configuration registers a {@code Driver} service with the device id property
 * ({@value #DEVICE_ID_PROPERTY}) and readings arrive;</li>
 * <li>an invalid configuration fails activation with a message naming the field; other devices keep polling;</li>
 * <li>readings of one device arrive in order, one thread at a time, every point with quality and source time;</li>
 * <li>an unreachable device turns BAD (DISCONNECTED or TIMEOUT) within its timeout, never stale GOOD; reachable
 * again it turns GOOD and stays GOOD;</li>
 * <li>configuration deleted, bundle stopped, bundle updated: no thread, socket or file left, no reading afterwards;</li>
 * <li>20 updates under load: threads and heap back at baseline, replaced revisions collectable;</li>
 * <li>{@code OnDemandRead} (if offered) reads once without submitting and without moving status counters;</li>
 * <li>{@code write}: converts and range-checks before sending, reports device refusals as
 * {@link DeviceWriteException}; a read-only driver completes writes exceptionally instead of hanging or
 * throwing.</li>
 * </ul>
 */
public abstract class DriverConformanceKit extends LifecycleChecks {

    /** A poll interval long enough that no poll happens during a check. */
    static final Duration NO_POLLS = Duration.ofHours(1);

    /**
     * Your driver's descriptor. The kit asks for a new one before each check and closes it afterwards.
     *
     * @return the driver under test, never null
     */
    @Override
    protected abstract DriverUnderTest driverUnderTest() throws Exception;

    @Test
    void onDemandReadReadsOnceWithoutSubmittingOrMovingCounters() throws Exception {
        configure("tck-1", NO_POLLS);
        ServiceReference<Driver> ref = awaitDriverService("tck-1");
        Driver service = gateway.context().getService(ref);
        try {
            Assumptions.assumeTrue(service instanceof OnDemandRead, "the driver does not offer OnDemandRead");
            // A driver may poll once at activation; let that poll finish (or not happen) before counting.
            Await.within(driver.timeout().plusSeconds(1), () -> intake.count("tck-1") >= 1);
            long submitted = intake.count("tck-1");
            DeviceStatus before = status(service, "tck-1");
            List<DeviceReading> readings = complete(((OnDemandRead) service).readNow(), "OnDemandRead.readNow()");
            assertNotNull(readings, "readNow() completed with null");
            assertFalse(readings.isEmpty(), "readNow() returned no reading");
            for (DeviceReading r : readings) {
                assertEquals("tck-1", r.deviceId(), "readNow() returned a reading of another device");
                assertTrue(Samples.allGood(r), "readNow() of a reachable device returned points that are not GOOD: " + r);
            }
            assertEquals(submitted, intake.count("tck-1"), "readNow() submitted readings to the ReadingIntake");
            DeviceStatus after = status(service, "tck-1");
            assertEquals(before.requests(), after.requests(), "readNow() moved the device's request counter");
            assertEquals(before.errors(), after.errors(), "readNow() moved the device's error counter");
        } finally {
            gateway.context().ungetService(ref);
        }
    }

    @Test
    void writeConvertsAndRangeChecksBeforeSendingAndReportsDeviceRefusals() throws Exception {
        configure("tck-1", NO_POLLS);
        ServiceReference<Driver> ref = awaitDriverService("tck-1");
        Driver service = gateway.context().getService(ref);
        try {
            if (driver.writeChecks().isEmpty()) {
                // A read-only driver: a write completes exceptionally, it neither hangs nor throws.
                CompletionStage<WriteResult> stage;
                try {
                    stage = service.write(new WriteRequest("tck-1", "any", Value.of(1L), false));
                } catch (RuntimeException e) {
                    throw new AssertionError("write() threw " + e + "; complete the returned stage exceptionally instead", e);
                }
                Throwable refused = failure(stage, "write");
                assertNotNull(refused, "a driver without writes must complete write() exceptionally, it completed normally");
                return;
            }
            WriteChecks w = driver.writeChecks().orElseThrow();
            long sent = w.writesReceived("tck-1");
            WriteResult ok = complete(service.write(new WriteRequest("tck-1", w.point(), w.inRange(), false)),
                    "write of " + w.inRange() + " to '" + w.point() + "'");
            assertNotNull(ok, "write() completed with null");
            assertTrue(w.writesReceived("tck-1") > sent, "write() completed but the device received no write");

            sent = w.writesReceived("tck-1");
            Throwable outOfRange = failure(service.write(new WriteRequest("tck-1", w.point(), w.outOfRange(), false)),
                    "write of out-of-range " + w.outOfRange());
            assertDeviceWriteException(outOfRange, "an out-of-range value (" + w.outOfRange() + ")");
            assertTrue(String.valueOf(outOfRange.getMessage()).contains(w.point()),
                    "the refusal of an out-of-range value must name the point '" + w.point() + "': " + outOfRange.getMessage());
            assertEquals(sent, w.writesReceived("tck-1"), "an out-of-range value was sent to the device; range-check it first");

            Throwable unknown = failure(service.write(new WriteRequest("tck-1", "tck-no-such-point", w.inRange(), false)),
                    "write to an unknown point");
            assertDeviceWriteException(unknown, "a write to an unknown point");

            w.refuseWrites("tck-1", true);
            try {
                Throwable refused = failure(service.write(new WriteRequest("tck-1", w.point(), w.inRange(), false)),
                        "write the device refuses");
                assertDeviceWriteException(refused, "a write the device refused");
            } finally {
                w.refuseWrites("tck-1", false);
            }
        } finally {
            gateway.context().ungetService(ref);
        }
    }

    private static void assertDeviceWriteException(Throwable t, String what) {
        assertNotNull(t, what + " must complete the write exceptionally with a DeviceWriteException; it completed normally");
        assertTrue(t instanceof DeviceWriteException, what + " must complete the write with a DeviceWriteException, got " + t);
    }

    private static DeviceStatus status(Driver service, String deviceId) {
        return service.deviceStatus().stream().filter(s -> deviceId.equals(s.deviceId())).findFirst()
                .orElseThrow(() -> new AssertionError("Driver.deviceStatus() does not list '" + deviceId + "'"));
    }

    private <T> T complete(CompletionStage<T> stage, String what) throws InterruptedException {
        assertNotNull(stage, what + " returned null instead of a CompletionStage");
        Duration bound = driver.timeout().plus(slack());
        try {
            return stage.toCompletableFuture().get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not complete within the device timeout plus " + slack().toMillis() + " ms");
        }
    }

    /** The exception the stage completes with, or null if it completes normally. */
    private Throwable failure(CompletionStage<?> stage, String what) throws InterruptedException {
        assertNotNull(stage, what + " returned null instead of a CompletionStage");
        Duration bound = driver.timeout().plus(slack());
        try {
            stage.toCompletableFuture().get(bound.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
        } catch (TimeoutException e) {
            return fail(what + " did not complete within the device timeout plus " + slack().toMillis() + " ms");
        }
    }
}
