package io.plantwire.driver.support.internal;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;

import io.plantwire.driver.support.DeviceScheduler;

/** Runs every task at once on the calling thread and has no clock: the scheduler of a manual device. */
public enum CallerRuns implements DeviceScheduler {
    INSTANCE;

    @Override
    public int threads() {
        return 0;
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable tick, long initialDelayMs, long periodMs) {
        throw new RejectedExecutionException("a manual device has no schedule");
    }

    @Override
    public Timer timer(Runnable task) {
        throw new RejectedExecutionException("a manual device has no schedule");
    }

    @Override
    public void execute(Runnable task) {
        task.run();
    }
}
