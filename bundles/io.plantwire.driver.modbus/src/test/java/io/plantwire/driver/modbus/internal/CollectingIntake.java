package io.plantwire.driver.modbus.internal;

import java.util.ArrayList;
import java.util.List;

import io.plantwire.api.driver.ReadingIntake;
import io.plantwire.api.model.DeviceReading;

/** Stands in for the gateway core: keeps every reading it is handed. */
final class CollectingIntake implements ReadingIntake {

    private final List<DeviceReading> readings = new ArrayList<>();

    @Override
    public synchronized boolean submit(DeviceReading reading) {
        readings.add(reading);
        return true;
    }

    synchronized List<DeviceReading> readings() {
        return new ArrayList<>(readings);
    }

    synchronized DeviceReading last() {
        return readings.isEmpty() ? null : readings.get(readings.size() - 1);
    }
}
