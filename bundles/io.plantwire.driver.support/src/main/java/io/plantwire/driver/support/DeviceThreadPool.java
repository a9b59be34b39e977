package io.plantwire.driver.support;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link DeviceScheduler} backed by a fixed number of daemon threads named {@code plantwire-<name>-<n>}. The
 * gateway's bundle-scoped scheduler service wraps one; create one yourself outside OSGi and {@link #close()} it.
 */
public final class DeviceThreadPool implements DeviceScheduler, AutoCloseable {

    /** Threads per driver bundle unless configured otherwise. */
    public static final int DEFAULT_THREADS = 8;

    /** The most threads one pool may have. */
    public static final int MAX_THREADS = 256;

    private final String name;
    private final ScheduledThreadPoolExecutor executor;

    /**
     * @param name the middle part of the thread names, e.g. {@code modbus}
     * @param threads 1 to {@value #MAX_THREADS}
     * @throws IllegalArgumentException if {@code threads} is out of range or the name blank
     */
    public DeviceThreadPool(String name, int threads) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("scheduler name must not be blank");
        }
        checkThreads(threads);
        this.name = name;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "plantwire-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = new ScheduledThreadPoolExecutor(threads, factory);
        // Cancelled ticks of stopped devices leave the queue at once, not when they would have run next.
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }

    private static void checkThreads(int threads) {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads must be 1-" + MAX_THREADS + ", got " + threads);
        }
    }

    @Override
    public int threads() {
        return executor.getCorePoolSize();
    }

    /** Changes the number of threads; running polls finish on the threads they have. */
    public void setThreads(int threads) {
        checkThreads(threads);
        if (threads > executor.getCorePoolSize()) {
            executor.setMaximumPoolSize(threads);
            executor.setCorePoolSize(threads);
        } else {
            executor.setCorePoolSize(threads);
            executor.setMaximumPoolSize(threads);
        }
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable tick, long initialDelayMs, long periodMs) {
        return executor.scheduleAtFixedRate(tick, initialDelayMs, periodMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }

    /** Tasks waiting for a thread (polls, ticks not yet due included), for status and tests. */
    public int queued() {
        return executor.getQueue().size();
    }

    /**
     * Stops the threads: interrupts running tasks and waits up to 10 s for them to end.
     *
     * @return true if every thread ended
     */
    public boolean stop() {
        executor.shutdownNow();
        try {
            return executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "DeviceThreadPool[" + name + ", " + threads() + " threads]";
    }
}
