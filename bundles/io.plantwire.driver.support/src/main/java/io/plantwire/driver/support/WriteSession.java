package io.plantwire.driver.support;

import org.osgi.annotation.versioning.ProviderType;

import io.plantwire.api.driver.DeviceWriteException;

/**
 * What {@link DeviceProtocol#write} gets: the device's connection, on demand, and the request meter.
 *
 * @param <C> the protocol's connection type
 */
@ProviderType
public interface WriteSession<C> extends RequestMeter {

    /**
     * The open connection; connects first if the device is down and its reconnect backoff allows.
     *
     * @throws DeviceWriteException if the device is not connected (with its last error) or is stopping
     */
    C connection() throws DeviceWriteException;
}
