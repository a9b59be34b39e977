package io.plantwire.driver.support;

import java.util.List;
import java.util.concurrent.CompletionStage;

import io.plantwire.api.driver.DeviceStatus;
import io.plantwire.api.driver.Driver;
import io.plantwire.api.driver.OnDemandRead;
import io.plantwire.api.driver.WriteRequest;
import io.plantwire.api.driver.WriteResult;
import io.plantwire.api.model.DeviceReading;

/**
 * A {@link Driver} (and {@link OnDemandRead}) serving one {@link PolledDevice}: the base of a DS component with one
 * device per factory configuration. The subclass builds and starts the device in its {@code @Activate} constructor
 * and calls {@link #stop()} from its {@code @Deactivate} method:
 *
 * <pre>{@code
 * @Component(configurationPid = "com.acme.line.device", configurationPolicy = ConfigurationPolicy.REQUIRE,
 *         service = Driver.class, immediate = true)
 * @Designate(ocd = LineDeviceConfig.class, factory = true)
 * public class LineDevice extends PolledDriver {
 *     @Activate
 *     public LineDevice(@Reference ReadingIntake intake, @Reference DeviceScheduler scheduler, LineDeviceConfig c) {
 *         super(PolledDevice.builder(c.deviceId(), "line", new LineProtocol(c.host(), c.port(), c.timeoutMs()))
 *                 .endpoint("tcp://" + c.host() + ":" + c.port())
 *                 .group(PollGroup.<Void>builder("all", c.pollIntervalMs()).point("temperature", "Cel").build())
 *                 .start(scheduler, intake));
 *     }
 *
 *     @Deactivate
 *     void deactivate() {
 *         stop();
 *     }
 * }
 * }</pre>
 *
 * The configuration's {@code deviceId} becomes the service property {@link Driver#DEVICE_ID} by itself.
 */
public abstract class PolledDriver implements Driver, OnDemandRead {

    private final PolledDevice<?, ?> device;

    protected PolledDriver(PolledDevice<?, ?> device) {
        this.device = java.util.Objects.requireNonNull(device, "device");
    }

    /** The device this driver serves. */
    protected final PolledDevice<?, ?> device() {
        return device;
    }

    @Override
    public String driverType() {
        return device.driverType();
    }

    @Override
    public List<DeviceStatus> deviceStatus() {
        return List.of(device.status());
    }

    @Override
    public CompletionStage<List<DeviceReading>> readNow() {
        return device.readNow();
    }

    /** Writes through the protocol's {@link DeviceProtocol#write} (which refuses unless the driver implements it). */
    @Override
    public CompletionStage<WriteResult> write(WriteRequest request) {
        return device.write(request);
    }

    /** Stops the device; see {@link PolledDevice#close()}. Call it from the component's {@code @Deactivate}. */
    protected void stop() {
        device.close();
    }
}
