package io.plantwire.driver.support;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.plantwire.api.driver.ReadingIntake;
import io.plantwire.api.model.DeviceReading;

/** The pipeline's door as a test sees it: every reading, and whether two submits of one device ever overlapped. */
final class RecordingIntake implements ReadingIntake {

    final List<DeviceReading> readings = new CopyOnWriteArrayList<>();
    final ConcurrentHashMap<String, AtomicInteger> inside = new ConcurrentHashMap<>();
    final AtomicInteger overlaps = new AtomicInteger();
    final ConcurrentHashMap<String, AtomicInteger> perDevice = new ConcurrentHashMap<>();

    @Override
    public boolean submit(DeviceReading reading) {
        AtomicInteger in = inside.computeIfAbsent(reading.deviceId(), k -> new AtomicInteger());
        if (in.incrementAndGet() > 1) {
            overlaps.incrementAndGet();
        }
        try {
            readings.add(reading);
            perDevice.computeIfAbsent(reading.deviceId(), k -> new AtomicInteger()).incrementAndGet();
        } finally {
            in.decrementAndGet();
        }
        return true;
    }

    List<DeviceReading> of(String deviceId) {
        return readings.stream().filter(r -> r.deviceId().equals(deviceId)).toList();
    }

    int count(String deviceId) {
        AtomicInteger n = perDevice.get(deviceId);
        return n == null ? 0 : n.get();
    }

    DeviceReading last() {
        return readings.get(readings.size() - 1);
    }
}
