package io.plantwire.driver.tck;

import io.plantwire.api.model.Value;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * How the kit checks {@code Driver.write} of a driver that writes: a writable point of the valid configuration, a
 * value it accepts and one outside its type's range, and a way to make the simulated device refuse writes.
 */
@ConsumerType
public interface WriteChecks {

    /** A writable point of the configuration {@link DriverUnderTest#validConfiguration} returns. */
    String point();

    /** A value the point accepts (in its type's range). */
    Value inRange();

    /** A value the driver must refuse before sending anything, e.g. 70000 for an int16 point. */
    Value outOfRange();

    /** Makes the simulated device refuse (or accept again) writes, as a device answering with an error would. */
    void refuseWrites(String deviceId, boolean refuse) throws Exception;

    /** How many write requests the simulated device has received so far. */
    long writesReceived(String deviceId) throws Exception;
}
