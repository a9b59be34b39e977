package io.plantwire.api.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a driver delivers after one poll of one device (or one block of it): the device id, when it was read, and
 * the named points with their samples.
 *
 * <p>Point names are the ones in the device's point map (e.g. {@code activePower}); they are unique within a
 * device. The point order is the order the driver added them in. A reading may hold only some of a device's
 * points (e.g. one poll group); mappers keep the latest value of each point.
 */
public final class DeviceReading {

    private final String deviceId;
    private final Instant readTime;
    private final Map<String, PointSample> points;

    private DeviceReading(String deviceId, Instant readTime, Map<String, PointSample> points) {
        this.deviceId = deviceId;
        this.readTime = readTime;
        this.points = points;
    }

    /**
     * A reading of the given points.
     *
     * @throws IllegalArgumentException if the device id is blank
     */
    public static DeviceReading of(String deviceId, Instant readTime, Map<String, PointSample> points) {
        requireDeviceId(deviceId);
        Objects.requireNonNull(readTime, "readTime");
        return new DeviceReading(deviceId, readTime, Collections.unmodifiableMap(new LinkedHashMap<>(points)));
    }

    /** A builder for a reading of the given device taken at the given time. */
    public static Builder builder(String deviceId, Instant readTime) {
        return builder(deviceId, readTime, 0);
    }

    /**
     * A builder for a reading of about {@code expectedPoints} points: its map is sized for them up front instead of
     * growing (and copying itself) on the way, which matters for a driver that reads many points at a short poll.
     * A wrong guess costs nothing but that; a count above 65,536 is taken as 65,536, so a count a device claims
     * cannot make the map huge before a point is in it.
     *
     * @since 1.2
     */
    public static Builder builder(String deviceId, Instant readTime, int expectedPoints) {
        requireDeviceId(deviceId);
        return new Builder(deviceId, Objects.requireNonNull(readTime, "readTime"), expectedPoints);
    }

    private static void requireDeviceId(String deviceId) {
        if (deviceId == null || deviceId.isBlank()) {
            throw new IllegalArgumentException("deviceId must not be blank, got '" + deviceId + "'");
        }
    }

    /** The configured id of the device, unique on the gateway (e.g. {@code meter-1}). */
    public String deviceId() {
        return deviceId;
    }

    /** When the driver finished reading. */
    public Instant readTime() {
        return readTime;
    }

    /** The points in this reading, by name, in the order the driver added them. Unmodifiable. */
    public Map<String, PointSample> points() {
        return points;
    }

    /** The sample of one point, or {@code null} if the reading does not hold it. */
    public PointSample point(String name) {
        return points.get(name);
    }

    @Override
    public String toString() {
        return "DeviceReading[" + deviceId + " @" + readTime + " " + points + "]";
    }

    /** Collects points for one reading. Not thread-safe; build once. */
    public static final class Builder {
        private final String deviceId;
        private final Instant readTime;
        private LinkedHashMap<String, PointSample> points;
        private boolean handedOver;

        private Builder(String deviceId, Instant readTime, int expectedPoints) {
            this.deviceId = deviceId;
            this.readTime = readTime;
            this.points = new LinkedHashMap<>(Maps.capacityFor(expectedPoints));
        }

        public Builder point(String name, PointSample sample) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("point name must not be blank");
            }
            if (handedOver) { // the map belongs to a reading built before: work on a copy from now on
                points = new LinkedHashMap<>(points);
                handedOver = false;
            }
            points.put(name, Objects.requireNonNull(sample, "sample"));
            return this;
        }

        /** A GOOD point read at the reading's time. */
        public Builder point(String name, Value value) {
            return point(name, PointSample.good(value, readTime));
        }

        /** Hands the builder's points to the reading without a copy; a change after this copies them first. */
        public DeviceReading build() {
            handedOver = true;
            return new DeviceReading(deviceId, readTime, Collections.unmodifiableMap(points));
        }
    }
}
