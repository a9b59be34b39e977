package io.plantwire.api.driver;

import java.util.List;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A protocol driver serving one or more devices, registered as an OSGi service.
 *
 * <p>Readings do not flow through this interface: the driver pushes them to {@link ReadingIntake}. This
 * interface is how the rest of the gateway asks the driver about its devices and writes to them.
 */
@ConsumerType
public interface Driver {

    /** The driver kind, e.g. {@code modbus}. */
    String driverType();

    /** The status of each device this driver serves. */
    List<DeviceStatus> deviceStatus();

    /**
     * Writes a value to a point of a device.
     *
     * <p>The driver converts the value to the point's configured data type and byte order. Where the device
     * allows it the driver reads the point back and reports whether the device took the value.
     *
     * @param request device, point and value
     * @return completes with the result, or exceptionally with a {@link DeviceWriteException} naming what was wrong
     *         (unknown device or point, read-only point, value out of the type's range, device error)
     */
    CompletionStage<WriteResult> write(WriteRequest request);
}
