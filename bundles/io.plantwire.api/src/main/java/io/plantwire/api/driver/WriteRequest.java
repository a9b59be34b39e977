package io.plantwire.api.driver;

import java.util.Objects;

import io.plantwire.api.model.Value;

/**
 * A request to write a value to a device point.
 *
 * @param deviceId the device
 * @param point the point name in the device's point map
 * @param value the value to write, in the point's engineering type
 * @param confirm read the point back after writing and report whether the device holds the value
 */
public record WriteRequest(String deviceId, String point, Value value, boolean confirm) {

    public WriteRequest {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(value, "value");
    }
}
