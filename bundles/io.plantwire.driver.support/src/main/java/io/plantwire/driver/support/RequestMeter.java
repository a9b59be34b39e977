package io.plantwire.driver.support;

import org.osgi.annotation.versioning.ProviderType;

import io.plantwire.api.model.Quality;

/**
 * Counts a device's requests for its {@link io.plantwire.api.driver.DeviceStatus}. A driver that sends several
 * requests per read (or retries) reports each here; one that does not call it gets its whole read counted as one
 * request. Once a read (or write) has called the meter, nothing else is counted for it, not even the exception it
 * throws.
 *
 * <p>Call only from within the {@code read} or {@code write} it was handed to.
 */
@ProviderType
public interface RequestMeter {

    /**
     * A request was answered (also a refusal the device sent back, if the driver wants its round trip counted;
     * report it with {@link #failed} as well).
     *
     * @param roundTripNanos from sending the request to having the answer, in nanoseconds ({@link System#nanoTime()}
     *        differences)
     */
    void answered(long roundTripNanos);

    /**
     * A request failed: counted as a request and as an error of the given reason, and shown as the device's last
     * error.
     *
     * @param reason e.g. {@link Quality.Reason#TIMEOUT}, {@link Quality.Reason#DISCONNECTED},
     *        {@link Quality.Reason#DEVICE_EXCEPTION}; not {@link Quality.Reason#NONE}
     * @param message for people
     */
    void failed(Quality.Reason reason, String message);
}
