package io.plantwire.driver.support.internal;

import java.util.concurrent.TimeUnit;

import io.plantwire.driver.support.DeviceScheduler;

/**
 * One poll group's clock: runs its poll at the group's interval, on a {@link DeviceScheduler.Timer}, and sets the
 * next run only when the last one has ended, so a group never has two polls at once and a late poll costs no tick.
 *
 * <p>The polls keep to a grid (start + n x interval). A poll that ends after the next was due is followed at once by
 * one more; the due times that passed meanwhile are skipped, not made up, and counted.
 */
public final class PollClock {

    private final DeviceScheduler.Timer timer;
    private final long intervalNanos;
    /** The due time of the poll that runs or is set to run; touched only by that poll's run. */
    private long dueNanos;

    /**
     * @param scheduler where the polls run
     * @param intervalMs the group's interval, positive
     * @param poll runs one poll and then calls {@link #pollEnded()}; must not throw
     * @throws java.util.concurrent.RejectedExecutionException if the scheduler is stopped
     */
    public PollClock(DeviceScheduler scheduler, long intervalMs, Runnable poll) {
        if (intervalMs <= 0) {
            throw new IllegalArgumentException("interval must be positive, got " + intervalMs + " ms");
        }
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMs);
        this.timer = scheduler.timer(poll);
    }

    /** Sets the first poll, at once. */
    public void start() {
        start(System.nanoTime());
    }

    void start(long nowNanos) {
        dueNanos = nowNanos;
        timer.runIn(0);
    }

    /**
     * Sets the next poll, one interval after the last one was due, or at once if that time has passed.
     *
     * @return the due times skipped: those that passed while the last poll ran or waited for a thread, other than
     *         the one polled at once
     * @throws java.util.concurrent.RejectedExecutionException if the scheduler is stopped
     */
    public long pollEnded() {
        return pollEnded(System.nanoTime());
    }

    long pollEnded(long nowNanos) {
        long next = dueNanos + intervalNanos;
        long late = nowNanos - next;
        long skipped = 0;
        if (late > 0) {
            skipped = late / intervalNanos;
            next += skipped * intervalNanos;
        }
        dueNanos = next;
        // Rounded up: a poll never starts before its due time.
        timer.runIn(late >= 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(-late + 999_999));
        return skipped;
    }

    /** Stops the clock: no poll is set any more. A running poll is not interrupted. */
    public void cancel() {
        timer.cancel();
    }
}
