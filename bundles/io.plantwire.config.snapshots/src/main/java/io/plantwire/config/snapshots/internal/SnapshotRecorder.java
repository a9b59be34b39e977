package io.plantwire.config.snapshots.internal;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the last settled site configuration (the baseline) and writes it as a snapshot when a change arrives: Config
 * Admin and bundle events come after the change, so the state before it is the one kept from before. Changes closer
 * together than the settle time are one change (one snapshot: a feature install is dozens of events); once nothing
 * changed for that long the state is captured again as the next baseline. Until the first baseline is captured
 * (the gateway's start: FileInstall applying conf/, the installer restoring features) changes write nothing.
 * Everything runs on one thread, in the order the events came.
 */
final class SnapshotRecorder {

    private static final System.Logger LOG = System.getLogger(SnapshotRecorder.class.getName());

    private final Callable<SiteConfiguration> capture;
    private final SnapshotStore store;
    private final long settleMs;
    private final ScheduledExecutorService thread;
    private SiteConfiguration baseline;
    /** When the baseline was captured; null before the first. */
    private java.time.Instant baselineTaken;
    private boolean pending;
    private ScheduledFuture<?> settle;

    SnapshotRecorder(Callable<SiteConfiguration> capture, SnapshotStore store, long settleMs,
            ScheduledExecutorService thread) {
        this.capture = capture;
        this.store = store;
        this.settleMs = settleMs;
        this.thread = thread;
        scheduleSettle();
    }

    /** A change happened (already): keep the state from before it, once per burst of changes. */
    synchronized void changed(String what) {
        if (!pending) {
            pending = true;
            SiteConfiguration before = baseline;
            if (before != null) {
                run(() -> write(before, "before " + what));
            }
        }
        scheduleSettle();
    }

    /**
     * Writes the state now, before a change that is about to be made (an import, a feature operation), and makes it
     * the baseline, so the events of that change do not write it again.
     *
     * @return the snapshot's id, or null when it equalled the newest snapshot
     */
    String takeNow(String reason) throws Exception {
        SiteConfiguration now = capture.call();
        synchronized (this) {
            baseline = now;
            baselineTaken = java.time.Instant.now();
        }
        return store.write(now, reason);
    }

    /** For people: whether changes are snapshotted now, and since when the state is known. */
    synchronized String status() {
        if (baseline == null) {
            return "not watching yet: waiting until nothing changed for " + settleMs + " ms (start-up)";
        }
        return "watching for changes; state known since " + baselineTaken + (pending ? " (changes settling)" : "");
    }

    private void write(SiteConfiguration site, String reason) {
        try {
            store.write(site, reason);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "snapshot (" + reason + ") not written to " + store.folder() + ": "
                    + e, e);
        }
    }

    private synchronized void scheduleSettle() {
        if (settle != null) {
            settle.cancel(false);
        }
        try {
            settle = thread.schedule(this::settled, settleMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            // deactivated
        }
    }

    private void settled() {
        try {
            SiteConfiguration now = capture.call();
            synchronized (this) {
                baseline = now;
                baselineTaken = java.time.Instant.now();
                pending = false;
            }
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "cannot capture the site configuration: " + e, e);
            scheduleSettle(); // try again later; without a baseline, changes write nothing
        }
    }

    private void run(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException stopped) {
            // deactivated
        }
    }
}
