package io.plantwire.driver.support.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.plantwire.driver.support.DeviceScheduler;

/**
 * One device's turn on the shared scheduler: its tasks (polls, dry-run reads, writes) run one at a time, in the order
 * they were submitted, without holding a thread while they wait. After each task the lane goes to the back of the
 * scheduler's queue, so devices take turns instead of one busy device keeping a thread.
 */
public final class DeviceLane {

    /** A task that can be told it will never run (the device stopped first). */
    public interface Task extends Runnable {
        /** Called instead of {@link #run()} for a task dropped by {@link DeviceLane#close}. */
        default void abandon() {
        }
    }

    /** A task running {@code run}, or {@code abandon} if the device stops first. */
    public static Task task(Runnable run, Runnable abandon) {
        return new Task() {
            @Override
            public void run() {
                run.run();
            }

            @Override
            public void abandon() {
                abandon.run();
            }
        };
    }

    /** A task completing {@code result} with what {@code body} returns, or with {@code stopping} if abandoned. */
    public static <T> Task completing(CompletableFuture<T> result, Supplier<T> body, Supplier<? extends Throwable> stopping) {
        return task(() -> {
            try {
                result.complete(body.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }, () -> result.completeExceptionally(stopping.get()));
    }

    private static final Logger LOG = LoggerFactory.getLogger(DeviceLane.class);

    private final DeviceScheduler scheduler;
    private final String deviceId;
    private final ArrayDeque<Task> tasks = new ArrayDeque<>();
    /** A turn is queued on the scheduler or running. */
    private boolean scheduled;
    private boolean running;
    private boolean closed;

    public DeviceLane(DeviceScheduler scheduler, String deviceId) {
        this.scheduler = scheduler;
        this.deviceId = deviceId;
    }

    /** What {@link #enqueue} did with a task. */
    private enum Added { REFUSED, BEHIND_A_TURN, NEEDS_A_TURN }

    /** Adds the task unless the lane is closed; says whether a turn is queued or running already, or must start. */
    private synchronized Added enqueue(Task task) {
        if (closed) {
            return Added.REFUSED;
        }
        tasks.add(task);
        if (scheduled) {
            return Added.BEHIND_A_TURN;
        }
        // Idle: nothing was queued, so the turn that starts now takes this task first.
        scheduled = true;
        return Added.NEEDS_A_TURN;
    }

    /** Queues a task; false (and the task does not run) if the lane is closed or the scheduler stopped. */
    public boolean submit(Task task) {
        Added added = enqueue(task);
        if (added != Added.NEEDS_A_TURN) {
            return added == Added.BEHIND_A_TURN;
        }
        try {
            scheduler.execute(this::turn);
            return true;
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                scheduled = false;
                tasks.remove(task);
            }
            return false;
        }
    }

    /**
     * Runs the task at once on the calling thread if the lane is idle, or queues it as {@link #submit} does. For a
     * task that is due on one of the scheduler's own threads (a poll its timer started): it saves handing the task
     * to another thread. False (and the task does not run) if the lane is closed.
     */
    public boolean runOrSubmit(Task task) {
        Added added = enqueue(task);
        if (added == Added.NEEDS_A_TURN) {
            turn();
        }
        return added != Added.REFUSED;
    }

    private void turn() {
        Task task;
        synchronized (this) {
            task = closed ? null : tasks.poll();
            if (task == null) {
                scheduled = false;
                notifyAll();
                return;
            }
            running = true;
        }
        try {
            task.run();
        } catch (RuntimeException | LinkageError | AssertionError e) {
            // The tasks catch their own failures; this is the last line so the lane never stalls.
            LOG.error("Device {}: a task failed", deviceId, e);
        } finally {
            boolean again;
            synchronized (this) {
                running = false;
                again = !closed && !tasks.isEmpty();
                scheduled = again;
                notifyAll();
            }
            if (again) {
                try {
                    scheduler.execute(this::turn);
                } catch (RejectedExecutionException e) {
                    abandonAll();
                }
            }
        }
    }

    /** True while one of the lane's tasks runs. */
    public synchronized boolean isRunning() {
        return running;
    }

    /**
     * Refuses new tasks, abandons the queued ones and waits until the running one (if any) has ended.
     *
     * @return true if nothing runs any more; false if the running task outlasted {@code timeoutMs}
     */
    public boolean close(long timeoutMs) throws InterruptedException {
        abandonAll();
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        synchronized (this) {
            while (running) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return false;
                }
                wait(left);
            }
            return true;
        }
    }

    /**
     * Refuses new tasks and abandons the queued ones, without waiting: called before the device's connection is
     * closed, so a queued task cannot start in the moment between unblocking the running read and {@link #close}.
     */
    public void abandonAll() {
        List<Task> dropped;
        synchronized (this) {
            closed = true;
            dropped = new ArrayList<>(tasks);
            tasks.clear();
        }
        for (Task t : dropped) {
            try {
                t.abandon();
            } catch (RuntimeException e) {
                LOG.warn("Device {}: abandoning a task failed", deviceId, e);
            }
        }
    }
}
