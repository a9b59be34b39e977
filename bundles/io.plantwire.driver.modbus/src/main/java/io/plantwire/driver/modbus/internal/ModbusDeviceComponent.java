package io.plantwire.driver.modbus.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.plantwire.api.driver.Driver;
import io.plantwire.api.driver.ReadingIntake;
import io.plantwire.driver.support.DeviceScheduler;
import io.plantwire.driver.support.PolledDevice;
import io.plantwire.driver.support.PolledDriver;

/**
 * One Modbus device per factory configuration, polled on the bundle's shared scheduler (threads
 * {@value #THREAD_PREFIX}n, see io.plantwire.driver.support) with each poll group's reading handed to the pipeline.
 * Registered as a {@link Driver} with the configuration's {@code deviceId} as the service property
 * {@link Driver#DEVICE_ID}, so writes and status can be routed to it.
 */
@Component(configurationPid = ModbusDeviceComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Driver.class, immediate = true)
@Designate(ocd = ModbusDeviceConfig.class, factory = true)
public class ModbusDeviceComponent extends PolledDriver {

    /** Factory PID of Modbus devices. */
    public static final String PID = "io.plantwire.driver.modbus.device";

    /** Name prefix of the threads this bundle's devices poll on; nothing with it outlives the bundle's last device. */
    public static final String THREAD_PREFIX = "plantwire-modbus-";

    private static final Logger LOG = LoggerFactory.getLogger(ModbusDeviceComponent.class);

    @Activate
    public ModbusDeviceComponent(@Reference ReadingIntake intake, @Reference DeviceScheduler scheduler,
            ModbusDeviceConfig config) {
        super(start(DeviceSettings.from(config), intake, scheduler));
    }

    private static PolledDevice<?, ?> start(DeviceSettings settings, ReadingIntake intake, DeviceScheduler scheduler) {
        PolledDevice<?, ?> device = ModbusProtocol.device(settings, settings.newClient()).start(scheduler, intake);
        LOG.info("Modbus device {} polling {} points in {} requests per cycle at {}", settings.deviceId(),
                settings.points().size(), device.groups().stream().mapToInt(g -> ((java.util.List<?>) g.detail()).size()).sum(),
                settings.endpoint());
        return device;
    }

    @Deactivate
    void deactivate() {
        stop();
    }
}
