package io.plantwire.driver.support.internal;

import java.util.concurrent.ScheduledFuture;

import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.plantwire.driver.support.DeviceScheduler;
import io.plantwire.driver.support.DeviceThreadPool;

/**
 * The {@link DeviceScheduler} service, one instance (one pool) per bundle that uses it: a driver bundle's devices
 * share a pool, and the pool stops when the bundle's last device lets go of it (bundle stopped or updated, last
 * configuration deleted).
 */
@Component(service = DeviceScheduler.class, scope = ServiceScope.BUNDLE, configurationPid = DeviceSchedulerComponent.PID)
@Designate(ocd = DeviceSchedulerConfig.class)
public class DeviceSchedulerComponent implements DeviceScheduler {

    /** Configuration PID of the scheduler, shared by every driver bundle. */
    public static final String PID = "io.plantwire.driver.scheduler";

    private static final Logger LOG = LoggerFactory.getLogger(DeviceSchedulerComponent.class);

    private final DeviceThreadPool pool;
    private final String user;

    @Activate
    public DeviceSchedulerComponent(ComponentContext context, DeviceSchedulerConfig config) {
        int threads = validThreads(config);
        Bundle using = context.getUsingBundle();
        this.user = using == null ? "unknown" : using.getSymbolicName();
        this.pool = new DeviceThreadPool(threadName(user), threads);
        LOG.debug("Device scheduler for {}: {} threads", user, threads);
    }

    private static int validThreads(DeviceSchedulerConfig config) {
        int threads = config.threadsPerDriverBundle();
        if (threads < 1 || threads > DeviceThreadPool.MAX_THREADS) {
            throw new IllegalArgumentException("threadsPerDriverBundle: '" + threads + "' must be 1-" + DeviceThreadPool.MAX_THREADS);
        }
        return threads;
    }

    /** The last part of the bundle's symbolic name: io.plantwire.driver.modbus polls on plantwire-modbus-N. */
    static String threadName(String symbolicName) {
        if (symbolicName == null || symbolicName.isBlank()) {
            return "driver";
        }
        String s = symbolicName.substring(symbolicName.lastIndexOf('.') + 1);
        return s.isBlank() ? "driver" : s.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    @Modified
    void modified(DeviceSchedulerConfig config) {
        int threads = validThreads(config);
        pool.setThreads(threads);
        LOG.info("Device scheduler for {}: now {} threads", user, threads);
    }

    @Deactivate
    void deactivate() {
        if (!pool.stop()) {
            LOG.warn("Device scheduler for {}: a poll did not end within 10 s of stopping", user);
        }
    }

    @Override
    public int threads() {
        return pool.threads();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable tick, long initialDelayMs, long periodMs) {
        return pool.scheduleAtFixedRate(tick, initialDelayMs, periodMs);
    }

    @Override
    public Timer timer(Runnable task) {
        return pool.timer(task);
    }

    @Override
    public void execute(Runnable task) {
        pool.execute(task);
    }
}
