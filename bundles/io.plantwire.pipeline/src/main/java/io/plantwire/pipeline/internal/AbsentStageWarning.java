package io.plantwire.pipeline.internal;

import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * When required stages are absent, says so at INFO at once and as a WARNING only if they are still absent after
 * {@code absentStagesWarnDelayMs}. At start (and while a feature is installed or a stage bundle updated) required
 * stages arrive one after the other a few seconds after the pipeline: that is not something an operator must act
 * on, a stage that does not come is.
 */
final class AbsentStageWarning {

    private static final System.Logger LOG = System.getLogger(Pipeline.class.getName());

    private final ScheduledExecutorService scheduler;
    private final Supplier<Set<String>> missingNow;
    private final LongSupplier heldNow;
    // Guarded by this.
    private long delayMs;
    private ScheduledFuture<?> pending;
    private boolean warned;

    AbsentStageWarning(ScheduledExecutorService scheduler, Supplier<Set<String>> missingNow, LongSupplier heldNow) {
        this.scheduler = scheduler;
        this.missingNow = missingNow;
        this.heldNow = heldNow;
    }

    synchronized void delayMs(long delayMs) {
        this.delayMs = delayMs;
    }

    /** The set of absent required stages changed to {@code missing}. */
    synchronized void changed(Set<String> missing) {
        if (missing.isEmpty()) {
            if (pending != null) {
                pending.cancel(false);
                pending = null;
            }
            if (warned) {
                LOG.log(Level.INFO, "Required stages present again; held readings are released");
            }
            warned = false;
            return;
        }
        if (warned) {
            LOG.log(Level.WARNING, "Required stages absent: {0}; readings are held until they return", missing);
            return;
        }
        LOG.log(Level.INFO, "Required stages not present (yet): {0}; readings are held until they are (warning "
                + "after {1} ms)", missing, String.valueOf(delayMs));
        if (pending == null) {
            try {
                pending = scheduler.schedule(this::check, delayMs, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // deactivated
            }
        }
    }

    private synchronized void check() {
        pending = null;
        Set<String> missing = missingNow.get();
        if (missing.isEmpty()) {
            return;
        }
        warned = true;
        LOG.log(Level.WARNING, "Required stages absent for {0} ms: {1}; {2} readings are held until they return",
                String.valueOf(delayMs), missing, String.valueOf(heldNow.getAsLong()));
    }
}
