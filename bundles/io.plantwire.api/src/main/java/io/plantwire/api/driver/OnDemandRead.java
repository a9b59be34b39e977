package io.plantwire.api.driver;

import java.util.List;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;

import io.plantwire.api.model.DeviceReading;

/**
 * Optional for a {@link Driver}: reading its devices once, on request, outside the poll schedule. The gateway's
 * dry run ({@code plantwire:dryrun}) uses it to show what a poll would publish without publishing it.
 *
 * <p>Implement it on the same object that is registered as the {@link Driver} service; the gateway checks with
 * {@code instanceof}.
 */
@ConsumerType
public interface OnDemandRead {

    /**
     * Reads every point of every device this driver serves, once, and returns the readings instead of submitting
     * them to {@link ReadingIntake}.
     *
     * <p>Run the read where a poll would run (the device's poll thread), so it never interleaves with a poll or a
     * write on the wire. A point that cannot be read is returned with BAD quality, as in a poll; a device that
     * cannot be reached at all yields a reading whose points are all BAD.
     *
     * @return completes with one reading per poll group (a driver polling points at different intervals returns
     *         several), or exceptionally when the driver is stopping
     */
    CompletionStage<List<DeviceReading>> readNow();
}
