package io.plantwire.driver.modbus.internal;

import java.util.List;
import java.util.concurrent.CompletionException;

import io.plantwire.api.driver.DeviceStatus;
import io.plantwire.api.driver.DeviceWriteException;
import io.plantwire.api.driver.WriteRequest;
import io.plantwire.api.driver.WriteResult;
import io.plantwire.api.model.DeviceReading;
import io.plantwire.driver.support.PollGroup;
import io.plantwire.driver.support.PolledDevice;

/**
 * A Modbus device on the support library, polled by hand on the test's thread (no schedule, nothing submitted):
 * the driver's real read and write path, one call at a time.
 */
final class ManualModbusDevice {

    private final PolledDevice<ModbusClient, List<ReadBlock>> device;

    ManualModbusDevice(DeviceSettings settings) {
        this.device = ModbusProtocol.device(settings, settings.newClient()).startManual();
    }

    List<PollGroup<List<ReadBlock>>> groups() {
        return device.groups();
    }

    DeviceReading read(PollGroup<List<ReadBlock>> group) {
        return device.pollNow(group);
    }

    WriteResult write(WriteRequest request) throws DeviceWriteException {
        try {
            return device.write(request).toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof DeviceWriteException) {
                throw (DeviceWriteException) e.getCause();
            }
            throw e;
        }
    }

    DeviceStatus status() {
        return device.status();
    }

    void stop() {
        device.close();
    }
}
