package io.plantwire.driver.tck.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.annotation.bundle.Capability;

import io.plantwire.api.driver.ReadingIntake;
import io.plantwire.api.model.DeviceReading;
import io.plantwire.api.model.PointSample;

/**
 * The kit's stand-in for the pipeline: records every reading a driver submits, per device, and notes every breach
 * of the submission contract it can see at the moment of the call (two threads of one device inside
 * {@code submit} at once, a read time older than the previous one, a point without quality or source time).
 *
 * <p>Keeps at most {@value #KEPT_PER_DEVICE} readings per device (the oldest are dropped, the count goes on), so
 * a load run does not grow the heap the kit measures.
 *
 * <p>Declared as a service capability so a resolver puts a driver bundle (which requires a ReadingIntake) beside
 * the kit without the pipeline.
 */
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=io.plantwire.api.driver.ReadingIntake")
public final class RecordingIntake implements ReadingIntake {

    static final int KEPT_PER_DEVICE = 2_000;

    private final Map<String, Device> devices = new ConcurrentHashMap<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();

    @Override
    public boolean submit(DeviceReading reading) {
        if (reading == null) {
            violations.add("submit(null) from thread " + Thread.currentThread().getName());
            return true;
        }
        Device d = devices.computeIfAbsent(reading.deviceId(), k -> new Device());
        int inside = d.inside.incrementAndGet();
        try {
            if (inside > 1) {
                violations.add(reading.deviceId() + ": " + inside + " threads inside submit at once (now "
                        + Thread.currentThread().getName() + ")");
            }
            synchronized (d) {
                if (d.lastReadTime != null && reading.readTime().isBefore(d.lastReadTime)) {
                    violations.add(reading.deviceId() + ": reading of " + reading.readTime()
                            + " submitted after one of " + d.lastReadTime + " (out of order)");
                }
                d.lastReadTime = reading.readTime();
                d.readings.add(new Arrival(d.count.incrementAndGet(), reading, Thread.currentThread().getName(),
                        Thread.currentThread().getId(), Instant.now()));
                if (d.readings.size() > KEPT_PER_DEVICE) {
                    d.readings.remove(0);
                }
            }
            for (Map.Entry<String, PointSample> p : reading.points().entrySet()) {
                PointSample s = p.getValue();
                if (s == null || s.quality() == null || s.sourceTime() == null) {
                    violations.add(reading.deviceId() + "/" + p.getKey() + ": point without quality or source time: " + s);
                }
            }
            return true;
        } finally {
            d.inside.decrementAndGet();
        }
    }

    /** How many readings of the device were submitted so far. */
    public long count(String deviceId) {
        Device d = devices.get(deviceId);
        return d == null ? 0 : d.count.get();
    }

    /** The kept readings of the device, oldest first, with the thread that submitted each. */
    public List<Arrival> arrivals(String deviceId) {
        Device d = devices.get(deviceId);
        if (d == null) {
            return List.of();
        }
        synchronized (d) {
            return new ArrayList<>(d.readings);
        }
    }

    /** The kept readings of the device submitted after the first {@code count} ones. */
    public List<Arrival> arrivalsAfter(String deviceId, long count) {
        List<Arrival> after = new ArrayList<>();
        for (Arrival a : arrivals(deviceId)) {
            if (a.sequence() > count) {
                after.add(a);
            }
        }
        return after;
    }

    /** Contract breaches seen so far, for people. */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    /** Forgets the kept readings (counts stay), so a long run does not hold them. */
    public void forgetReadings() {
        for (Device d : devices.values()) {
            synchronized (d) {
                d.readings.clear();
            }
        }
    }

    /**
     * One submitted reading: its number among the device's readings (1 for the first), the reading, the thread
     * that submitted it (name and id) and when it arrived.
     */
    public record Arrival(long sequence, DeviceReading reading, String thread, long threadId, Instant arrived) {
    }

    private static final class Device {
        final AtomicInteger inside = new AtomicInteger();
        final AtomicLong count = new AtomicLong();
        final List<Arrival> readings = new ArrayList<>();
        Instant lastReadTime;
    }
}
