package io.plantwire.api.driver;

import java.util.List;
import java.util.concurrent.CompletableFuture;
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

    /**
     * The service property naming the device a {@code Driver} service serves (1.2): a driver registered once per
     * device sets it to the configured device id, e.g. {@code deviceId=meter-1}, so the gateway can route writes
     * and status with a filter like {@code (deviceId=meter-1)}. A driver serving several devices from one service
     * sets it to all of their ids (a {@code String[]}). A DS component whose configuration has a {@code deviceId}
     * attribute gets it as a service property without further work.
     */
    String DEVICE_ID = "deviceId";

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
     *         (unknown device or point, read-only point, value out of the type's range, device error). The default
     *         (1.2) completes exceptionally with a {@link DeviceWriteException} saying the driver does not support
     *         writes, so a read-only driver need not implement this method
     */
    default CompletionStage<WriteResult> write(WriteRequest request) {
        return CompletableFuture.failedFuture(new DeviceWriteException("writes are not supported by the '"
                + driverType() + "' driver (device '" + request.deviceId() + "', point '" + request.point() + "')"));
    }
}
