package io.plantwire.driver.modbus.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.plantwire.api.driver.DeviceStatus;
import io.plantwire.api.driver.DeviceWriteException;
import io.plantwire.api.driver.Driver;
import io.plantwire.api.driver.OnDemandRead;
import io.plantwire.api.driver.ReadingIntake;
import io.plantwire.api.driver.WriteRequest;
import io.plantwire.api.driver.WriteResult;
import io.plantwire.api.model.DeviceReading;

/**
 * One Modbus device per factory configuration: polls it on its own thread ({@value #THREAD_PREFIX}deviceId) and
 * hands each poll group's reading to the pipeline. Registered as a {@link Driver} with the configuration's
 * {@code deviceId} as a service property, so writes and status can be routed to it.
 */
@Component(configurationPid = ModbusDeviceComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Driver.class, immediate = true)
@Designate(ocd = ModbusDeviceConfig.class, factory = true)
public class ModbusDeviceComponent implements Driver, OnDemandRead {

    /** Factory PID of Modbus devices. */
    public static final String PID = "io.plantwire.driver.modbus.device";

    /** Name prefix of device threads; nothing with this prefix may outlive its configuration or the bundle. */
    public static final String THREAD_PREFIX = "plantwire-modbus-";

    private static final Logger LOG = LoggerFactory.getLogger(ModbusDeviceComponent.class);

    private final ReadingIntake intake;
    private final DevicePoller poller;
    private final ScheduledExecutorService scheduler;
    /** Only touched on the poll thread. */
    private long rejectedReadings;
    /** Only touched on the poll thread: the last poll threw. */
    private boolean pollFailing;

    @Activate
    public ModbusDeviceComponent(@Reference ReadingIntake intake, ModbusDeviceConfig config) {
        this.intake = intake;
        DeviceSettings settings = DeviceSettings.from(config);
        this.poller = new DevicePoller(settings, settings.newClient());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, THREAD_PREFIX + settings.deviceId());
            t.setDaemon(true);
            return t;
        });
        for (DevicePoller.PollGroup group : poller.groups()) {
            scheduler.scheduleAtFixedRate(() -> poll(group), 0, group.intervalMs(), TimeUnit.MILLISECONDS);
        }
        LOG.info("Modbus device {} polling {} points in {} requests per cycle at {}", settings.deviceId(),
                settings.points().size(), poller.groups().stream().mapToInt(g -> g.blocks().size()).sum(), settings.endpoint());
    }

    private void poll(DevicePoller.PollGroup group) {
        try {
            DeviceReading reading = poller.read(group);
            // Nothing is submitted once the configuration is gone: the reading would be of a device that no longer exists.
            if (!Thread.currentThread().isInterrupted() && !poller.isStopped() && !intake.submit(reading)) {
                // The pipeline's hold buffer is full (a required stage is away for long); it counts the loss too.
                long n = ++rejectedReadings;
                if (Long.bitCount(n) == 1) {
                    LOG.warn("Modbus device {}: the pipeline rejected {} reading(s) so far (hold buffer full)", poller.deviceId(), n);
                }
            }
            if (pollFailing) {
                pollFailing = false;
                LOG.info("Modbus device {}: polls work again", poller.deviceId());
            }
        } catch (RuntimeException e) {
            // A periodic task that throws is never run again: log and keep polling. One stack trace per run of
            // failures, not one per poll.
            if (!pollFailing) {
                pollFailing = true;
                LOG.error("Modbus device {}: poll failed; further failures are logged at debug level until a poll "
                        + "works again", poller.deviceId(), e);
            } else {
                LOG.debug("Modbus device {}: poll failed again: {}", poller.deviceId(), e.toString());
            }
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        poller.stop();
        scheduler.shutdownNow();
        if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
            LOG.warn("Modbus device {}: poll thread did not stop within 10 s", poller.deviceId());
        }
    }

    @Override
    public String driverType() {
        return "modbus";
    }

    @Override
    public List<DeviceStatus> deviceStatus() {
        return List.of(poller.status());
    }

    /** Reads every poll group once on the poll thread, so the read never interleaves with a poll or a write. */
    @Override
    public CompletionStage<List<DeviceReading>> readNow() {
        CompletableFuture<List<DeviceReading>> result = new CompletableFuture<>();
        try {
            scheduler.execute(() -> {
                try {
                    List<DeviceReading> readings = new ArrayList<>();
                    for (DevicePoller.PollGroup group : poller.groups()) {
                        readings.add(poller.read(group));
                    }
                    result.complete(readings);
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("device '" + poller.deviceId() + "' is stopping"));
        }
        return result;
    }

    @Override
    public CompletionStage<WriteResult> write(WriteRequest request) {
        CompletableFuture<WriteResult> result = new CompletableFuture<>();
        if (!request.deviceId().equals(poller.deviceId())) {
            result.completeExceptionally(new DeviceWriteException("this driver serves device '" + poller.deviceId()
                    + "', not '" + request.deviceId() + "'"));
            return result;
        }
        try {
            // On the poll thread, so a write never interleaves with a poll on the wire.
            scheduler.execute(() -> {
                try {
                    result.complete(poller.write(request));
                } catch (DeviceWriteException e) {
                    result.completeExceptionally(e);
                } catch (RuntimeException e) {
                    result.completeExceptionally(new DeviceWriteException("write to '" + request.point() + "' failed: " + e, e));
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new DeviceWriteException("device '" + poller.deviceId() + "' is stopping"));
        }
        return result;
    }
}
