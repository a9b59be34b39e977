package io.plantwire.api.driver;

import java.time.Instant;

/**
 * A device's communication status, as reported by its driver.
 *
 * @param deviceId the configured device id
 * @param driverType the driver kind, e.g. {@code modbus}
 * @param endpoint where the device is reached, for people (e.g. {@code tcp://10.0.0.5:502 unit 3})
 * @param state the connection state
 * @param lastSuccessfulPoll when a poll last completed without error, or null
 * @param lastError the last error, for people; empty if none
 * @param lastErrorTime when it happened, or null
 * @param requests requests sent since the device was started
 * @param errors requests that failed (timeouts, exceptions, broken connections)
 * @param lastRoundTripMicros round-trip time of the last request, in microseconds (0 if none yet)
 * @param meanRoundTripMicros mean round-trip time, in microseconds
 * @param maxRoundTripMicros longest round-trip time, in microseconds
 */
public record DeviceStatus(String deviceId, String driverType, String endpoint, ConnectionState state,
        Instant lastSuccessfulPoll, String lastError, Instant lastErrorTime, long requests, long errors,
        long lastRoundTripMicros, long meanRoundTripMicros, long maxRoundTripMicros) {

    public DeviceStatus {
        lastError = lastError == null ? "" : lastError;
        endpoint = endpoint == null ? "" : endpoint;
    }
}
