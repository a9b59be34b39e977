package io.plantwire.api.driver;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import io.plantwire.api.model.Quality;

/**
 * A device's communication status, as reported by its driver.
 *
 * <p>Build one with {@link #builder(String, String)}; the positional constructors are kept for bundles built
 * against 1.0/1.1 of this package and are easy to get wrong (six {@code long}s in a row).
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
 * @param roundTrips the round-trip times of answered requests since the device was started (1.2); never null,
 *        {@link RoundTripHistogram#EMPTY} from drivers that do not count them
 * @param errorsByReason the failed requests by reason since the device was started (1.2), e.g.
 *        {@link Quality.Reason#TIMEOUT}, {@link Quality.Reason#DISCONNECTED},
 *        {@link Quality.Reason#DEVICE_EXCEPTION}; reasons without errors are absent; unmodifiable, never null.
 *        Empty from drivers that do not count them; where a driver counts them, the values add up to
 *        {@link #errors()}
 */
public record DeviceStatus(String deviceId, String driverType, String endpoint, ConnectionState state,
        Instant lastSuccessfulPoll, String lastError, Instant lastErrorTime, long requests, long errors,
        long lastRoundTripMicros, long meanRoundTripMicros, long maxRoundTripMicros, RoundTripHistogram roundTrips,
        Map<Quality.Reason, Long> errorsByReason) {

    public DeviceStatus {
        lastError = lastError == null ? "" : lastError;
        endpoint = endpoint == null ? "" : endpoint;
        roundTrips = roundTrips == null ? RoundTripHistogram.EMPTY : roundTrips;
        errorsByReason = errorsByReason == null || errorsByReason.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new EnumMap<>(errorsByReason));
    }

    /**
     * The 1.0/1.1 constructor, without histogram and errors by reason.
     *
     * @deprecated use {@link #builder(String, String)}
     */
    @Deprecated
    public DeviceStatus(String deviceId, String driverType, String endpoint, ConnectionState state,
            Instant lastSuccessfulPoll, String lastError, Instant lastErrorTime, long requests, long errors,
            long lastRoundTripMicros, long meanRoundTripMicros, long maxRoundTripMicros) {
        this(deviceId, driverType, endpoint, state, lastSuccessfulPoll, lastError, lastErrorTime, requests, errors,
                lastRoundTripMicros, meanRoundTripMicros, maxRoundTripMicros, RoundTripHistogram.EMPTY, Map.of());
    }

    /** The failed requests of one reason (0 if none). */
    public long errors(Quality.Reason reason) {
        return errorsByReason.getOrDefault(reason, 0L);
    }

    /**
     * A builder for the status of the given device; everything not set is empty, zero or null, the state
     * {@link ConnectionState#STOPPED}.
     */
    public static Builder builder(String deviceId, String driverType) {
        return new Builder(deviceId, driverType);
    }

    /** A builder holding this status, to change a few parts. */
    public Builder toBuilder() {
        Builder b = new Builder(deviceId, driverType).endpoint(endpoint).state(state)
                .lastSuccessfulPoll(lastSuccessfulPoll).lastError(lastError, lastErrorTime).requests(requests)
                .errors(errors).lastRoundTripMicros(lastRoundTripMicros).meanRoundTripMicros(meanRoundTripMicros)
                .maxRoundTripMicros(maxRoundTripMicros).roundTrips(roundTrips);
        b.errorsByReason.putAll(errorsByReason);
        return b;
    }

    /** Collects a {@link DeviceStatus} by name. Not thread-safe; build once. */
    public static final class Builder {
        private final String deviceId;
        private final String driverType;
        private String endpoint = "";
        private ConnectionState state = ConnectionState.STOPPED;
        private Instant lastSuccessfulPoll;
        private String lastError = "";
        private Instant lastErrorTime;
        private long requests;
        private long errors;
        private long lastRoundTripMicros;
        private long meanRoundTripMicros;
        private long maxRoundTripMicros;
        private RoundTripHistogram roundTrips = RoundTripHistogram.EMPTY;
        private final EnumMap<Quality.Reason, Long> errorsByReason = new EnumMap<>(Quality.Reason.class);

        private Builder(String deviceId, String driverType) {
            this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
            this.driverType = Objects.requireNonNull(driverType, "driverType");
        }

        public Builder endpoint(String endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        public Builder state(ConnectionState state) {
            this.state = Objects.requireNonNull(state, "state");
            return this;
        }

        public Builder lastSuccessfulPoll(Instant at) {
            this.lastSuccessfulPoll = at;
            return this;
        }

        /** The last error for people and when it happened (null time if none). */
        public Builder lastError(String message, Instant at) {
            this.lastError = message;
            this.lastErrorTime = at;
            return this;
        }

        public Builder requests(long requests) {
            this.requests = nonNegative("requests", requests);
            return this;
        }

        public Builder errors(long errors) {
            this.errors = nonNegative("errors", errors);
            return this;
        }

        /** Failed requests of one reason; replaces an earlier count of the same reason, 0 removes it. */
        public Builder errors(Quality.Reason reason, long count) {
            Objects.requireNonNull(reason, "reason");
            if (reason == Quality.Reason.NONE) {
                throw new IllegalArgumentException("an error needs a reason other than NONE");
            }
            if (nonNegative("errors(" + reason + ")", count) == 0) {
                errorsByReason.remove(reason);
            } else {
                errorsByReason.put(reason, count);
            }
            return this;
        }

        public Builder lastRoundTripMicros(long micros) {
            this.lastRoundTripMicros = nonNegative("lastRoundTripMicros", micros);
            return this;
        }

        public Builder meanRoundTripMicros(long micros) {
            this.meanRoundTripMicros = nonNegative("meanRoundTripMicros", micros);
            return this;
        }

        public Builder maxRoundTripMicros(long micros) {
            this.maxRoundTripMicros = nonNegative("maxRoundTripMicros", micros);
            return this;
        }

        public Builder roundTrips(RoundTripHistogram histogram) {
            this.roundTrips = Objects.requireNonNull(histogram, "roundTrips");
            return this;
        }

        public DeviceStatus build() {
            return new DeviceStatus(deviceId, driverType, endpoint, state, lastSuccessfulPoll, lastError,
                    lastErrorTime, requests, errors, lastRoundTripMicros, meanRoundTripMicros, maxRoundTripMicros,
                    roundTrips, errorsByReason);
        }

        private static long nonNegative(String name, long value) {
            if (value < 0) {
                throw new IllegalArgumentException(name + " must not be negative, got " + value);
            }
            return value;
        }
    }
}
