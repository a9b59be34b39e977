package io.plantwire.driver.support;

import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link DeviceScheduler} backed by daemon threads named {@code plantwire-<name>-<n>}: one per scheduled poll
 * group, at most {@link #threads()}. So a site with three devices keeps three threads, as with a thread per device,
 * and a thousand devices share the maximum. The gateway's bundle-scoped scheduler service wraps one; create one
 * yourself outside OSGi and {@link #close()} it.
 */
public final class DeviceThreadPool implements DeviceScheduler, AutoCloseable {

    /** Threads per driver bundle unless configured otherwise. */
    public static final int DEFAULT_THREADS = 8;

    /** The most threads one pool may have. */
    public static final int MAX_THREADS = 256;

    private final String name;
    private final ScheduledThreadPoolExecutor executor;
    /** Ticks scheduled and timers made, and not cancelled: the pool keeps min(clocks, maxThreads) threads. */
    private final AtomicInteger clocks = new AtomicInteger();
    private volatile int maxThreads;

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
        this.maxThreads = threads;
        this.executor = new ScheduledThreadPoolExecutor(1, factory);
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

    /** The most threads the pool uses (it uses fewer while fewer poll groups are scheduled). */
    @Override
    public int threads() {
        return maxThreads;
    }

    /** Changes the most threads; threads above it end when they are next idle, running polls finish first. */
    public void setThreads(int threads) {
        checkThreads(threads);
        maxThreads = threads;
        resize();
    }

    private synchronized void resize() {
        // ScheduledThreadPoolExecutor runs on its core threads only (one more is added per schedule() until the
        // core size is reached); threads above a lowered core size end when idle.
        executor.setCorePoolSize(Math.max(1, Math.min(clocks.get(), maxThreads)));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable tick, long initialDelayMs, long periodMs) {
        clocks.incrementAndGet();
        resize();
        try {
            return new CountedTick(executor.scheduleAtFixedRate(tick, initialDelayMs, periodMs, TimeUnit.MILLISECONDS));
        } catch (RuntimeException e) {
            clocks.decrementAndGet();
            resize();
            throw e;
        }
    }

    @Override
    public Timer timer(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (executor.isShutdown()) {
            throw new RejectedExecutionException(this + " is stopped");
        }
        clocks.incrementAndGet();
        resize();
        return new PoolTimer(task);
    }

    /** A timer on the pool: one run set at a time, a thread counted until cancelled. */
    private final class PoolTimer implements Timer {
        private final Runnable task;
        /** The run set and not started yet, or null; guarded by this. */
        private ScheduledFuture<?> next;
        /** Which run is current: a run replaced by a later runIn finds a newer number and does nothing. */
        private long generation;
        private boolean cancelled;

        PoolTimer(Runnable task) {
            this.task = task;
        }

        @Override
        public void runIn(long delayMs) {
            synchronized (this) {
                if (cancelled) {
                    return;
                }
                if (next != null) {
                    next.cancel(false);
                }
                long run = ++generation;
                next = executor.schedule(() -> run(run), Math.max(0, delayMs), TimeUnit.MILLISECONDS);
            }
        }

        private void run(long run) {
            synchronized (this) {
                if (cancelled || run != generation) {
                    return;
                }
                next = null;
            }
            task.run();
        }

        @Override
        public void cancel() {
            synchronized (this) {
                if (cancelled) {
                    return;
                }
                cancelled = true;
                if (next != null) {
                    next.cancel(false);
                    next = null;
                }
            }
            clocks.decrementAndGet();
            resize();
        }
    }

    /** A tick that gives its thread back when cancelled. */
    private final class CountedTick implements ScheduledFuture<Object> {
        private final ScheduledFuture<?> delegate;
        private final java.util.concurrent.atomic.AtomicBoolean counted = new java.util.concurrent.atomic.AtomicBoolean(true);

        CountedTick(ScheduledFuture<?> delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = delegate.cancel(mayInterruptIfRunning);
            if (counted.compareAndSet(true, false)) {
                clocks.decrementAndGet();
                resize();
            }
            return cancelled;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return delegate.getDelay(unit);
        }

        @Override
        public int compareTo(java.util.concurrent.Delayed o) {
            return delegate.compareTo(o);
        }

        @Override
        public boolean isCancelled() {
            return delegate.isCancelled();
        }

        @Override
        public boolean isDone() {
            return delegate.isDone();
        }

        @Override
        public Object get() throws InterruptedException, java.util.concurrent.ExecutionException {
            return delegate.get();
        }

        @Override
        public Object get(long timeout, TimeUnit unit) throws InterruptedException, java.util.concurrent.ExecutionException,
                java.util.concurrent.TimeoutException {
            return delegate.get(timeout, unit);
        }
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
