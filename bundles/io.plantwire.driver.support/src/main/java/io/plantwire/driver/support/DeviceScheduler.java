package io.plantwire.driver.support;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The bounded pool on which a bundle's devices poll: a few threads shared by all of them instead of a thread per
 * device.
 *
 * <p>In the gateway this is an OSGi service of bundle scope: every driver bundle that references it gets its own
 * pool, sized by the configuration {@code io.plantwire.driver.scheduler} ({@code threadsPerDriverBundle}, default
 * {@value io.plantwire.driver.support.DeviceThreadPool#DEFAULT_THREADS}), with thread names
 * {@code plantwire-<last part of the bundle's symbolic name>-<n>}; the pool stops when the bundle's last device
 * releases it. Outside OSGi (unit tests, benchmarks) use a {@link DeviceThreadPool}.
 *
 * <p>A driver normally passes it to {@link PolledDevice.Builder#start} and calls nothing on it directly.
 */
@ProviderType
public interface DeviceScheduler {

    /** The number of threads that run polls. */
    int threads();

    /**
     * Runs {@code tick} every {@code periodMs} milliseconds. The tick must be short and must not throw (a periodic
     * task that throws is silently never run again).
     *
     * @throws RejectedExecutionException if the scheduler is stopped
     */
    ScheduledFuture<?> scheduleAtFixedRate(Runnable tick, long initialDelayMs, long periodMs);

    /**
     * A timer for {@code task}: a poll group's clock. Each {@link Timer#runIn} runs the task once, on one of the
     * threads; the task sets its own next run. The scheduler keeps a thread per timer (and per fixed-rate tick), up
     * to {@link #threads()}, until the timer is cancelled.
     *
     * <p>Unlike a fixed-rate tick, a timer costs nothing while its task runs late: a device slower than its interval
     * is polled as often as it can be, without ticks that find the last poll still running.
     *
     * @throws RejectedExecutionException if the scheduler is stopped
     * @since 1.1
     */
    Timer timer(Runnable task);

    /**
     * Runs a task on one of the threads, in turn with the other queued tasks.
     *
     * @throws RejectedExecutionException if the scheduler is stopped
     */
    void execute(Runnable task);

    /** One task's runs, set one at a time (see {@link DeviceScheduler#timer}). */
    @ProviderType
    interface Timer {

        /**
         * Runs the task once, {@code delayMs} from now (0 or less: as soon as a thread is free). A run set before and
         * not started yet is replaced by this one. Does nothing once the timer is cancelled.
         *
         * @throws RejectedExecutionException if the scheduler is stopped
         */
        void runIn(long delayMs);

        /**
         * Drops the run set and not started yet, and gives the timer's thread back; later {@link #runIn} calls do
         * nothing. A run in progress is not interrupted. Idempotent.
         */
        void cancel();
    }
}
