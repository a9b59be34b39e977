package io.plantwire.pipeline.internal;

import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

import io.plantwire.api.model.DeviceReading;
import io.plantwire.api.text.SafeText;

/**
 * Readings held while a required stage is absent, and the one release thread that replays them in order once every
 * required stage is present again. While readings are held, new ones queue behind them until the buffer is empty,
 * so a device's readings keep their order across the wait. The release thread also runs the delayed absent-stage
 * warning ({@link AbsentStageWarning}).
 */
final class HeldReadings {

    private static final System.Logger LOG = System.getLogger(Pipeline.class.getName());

    /** What became of a reading offered while the pipeline may be holding. */
    enum Offer {
        /** Nothing is held and every required stage is present: the caller processes the reading itself. */
        NOT_HOLDING,
        /** Held (possibly dropping the oldest held reading). */
        HELD,
        /** Refused: the buffer is full under REJECT_NEW, or the reading alone is larger than holdMaxBytes. */
        REFUSED
    }

    private final Lock gateReadSide;
    private final Supplier<StageSet> stages;
    private final BiConsumer<DeviceReading, StageSet> process;

    // The buffer, guarded by 'lock'.
    private final Object lock = new Object();
    private HoldBuffer hold;
    /** The buffer's fullness was logged in this holding episode; guarded by lock. */
    private boolean fullLogged;
    /** True while the buffer has readings or the release thread is replaying the last of them. */
    private volatile boolean holding;
    /** A release task is queued and has not started yet: readings held meanwhile need no further task. */
    private final AtomicBoolean releasePending = new AtomicBoolean();
    private final ScheduledExecutorService releaser = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "plantwire-pipeline-release");
        t.setDaemon(true);
        return t;
    });
    private final AbsentStageWarning absent;

    /**
     * @param gateReadSide the read side of the pipeline's gate: held while a reading is replayed, so no stage goes
     * @param stages the pipeline's current stages
     * @param process runs one reading through the stages given (with the gate's read side held)
     */
    HeldReadings(Lock gateReadSide, Supplier<StageSet> stages, BiConsumer<DeviceReading, StageSet> process) {
        this.gateReadSide = gateReadSide;
        this.stages = stages;
        this.process = process;
        this.absent = new AbsentStageWarning(releaser, () -> stages.get().missingRequired, this::size);
    }

    /** Bounds of the buffer (a smaller one drops what no longer fits, per the policy) and the warning's delay. */
    void configure(int capacity, long maxBytes, OverflowPolicy policy, long warnDelayMs) {
        absent.delayMs(warnDelayMs);
        synchronized (lock) {
            if (hold == null) {
                hold = new HoldBuffer(capacity, maxBytes, policy);
            } else {
                hold.configure(capacity, maxBytes, policy);
            }
        }
    }

    /** True while readings are held or being released: new readings must then queue behind them. */
    boolean holding() {
        return holding;
    }

    /** Holds the reading if readings are held already or a required stage is missing. */
    Offer offer(DeviceReading reading) {
        synchronized (lock) {
            // Checked under the lock: the release thread may have emptied the buffer meanwhile.
            if (!holding && stages.get().missingRequired.isEmpty()) {
                return Offer.NOT_HOLDING;
            }
            HoldBuffer.Outcome outcome = hold.add(reading);
            if (outcome != HoldBuffer.Outcome.HELD) {
                logFull(outcome, reading);
                if (outcome != HoldBuffer.Outcome.HELD_DROPPING_OLDEST) {
                    return Offer.REFUSED;
                }
            }
            if (!holding) {
                holding = true;
                // INFO: the absent stages themselves are warned about after absentStagesWarnDelayMs.
                LOG.log(Level.INFO, "Holding readings: required stages {0} are absent", stages.get().missingRequired);
            }
            if (stages.get().missingRequired.isEmpty()) {
                scheduleRelease();
            }
            return Offer.HELD;
        }
    }

    /** The set of absent required stages changed; called with the gate's write side held. */
    void requiredChanged(Set<String> missing) {
        absent.changed(missing);
    }

    /** The stages changed to {@code now}: held readings go once nothing required is missing. */
    void stagesChanged(StageSet now) {
        if (now.missingRequired.isEmpty() && holding) {
            scheduleRelease();
        }
    }

    /** Readings held now. */
    long size() {
        synchronized (lock) {
            return hold.size();
        }
    }

    /** Reads the buffer's figures consistently (for the pipeline's status). */
    <T> T read(Function<HoldBuffer, T> figures) {
        synchronized (lock) {
            return figures.apply(hold);
        }
    }

    /** Stops the release thread and empties the buffer; returns how many readings were still held. */
    int close() {
        releaser.shutdownNow();
        try {
            releaser.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            holding = false;
            return hold.clear();
        }
    }

    /** Says once per holding episode that the buffer is full and what that costs; every loss is counted anyway. */
    private void logFull(HoldBuffer.Outcome outcome, DeviceReading reading) {
        if (outcome == HoldBuffer.Outcome.REJECTED_OVERSIZE) {
            LOG.log(Level.WARNING, "Hold buffer refused a reading of device {0}: estimated {1} bytes, more than "
                    + "holdMaxBytes {2} on its own (counted in overflowRejected)",
                    SafeText.printable(reading.deviceId(), 200), String.valueOf(ReadingSize.of(reading)),
                    String.valueOf(hold.maxBytes()));
            return;
        }
        if (fullLogged) {
            return;
        }
        fullLogged = true;
        LOG.log(Level.WARNING, "Hold buffer full at {0} readings / {1} bytes (holdCapacity {2}, holdMaxBytes {3}): "
                + "{4} while required stages {5} are absent", String.valueOf(hold.size()),
                String.valueOf(hold.bytes()), String.valueOf(hold.maxCount()), String.valueOf(hold.maxBytes()),
                outcome == HoldBuffer.Outcome.REJECTED_FULL
                        ? "new readings are rejected (overflowRejected)"
                        : "the oldest held readings are dropped (overflowDropped)", stages.get().missingRequired);
    }

    private void scheduleRelease() {
        if (!releasePending.compareAndSet(false, true)) {
            return; // the queued task will see this reading
        }
        try {
            releaser.execute(() -> {
                releasePending.set(false); // from here on, a newly held reading queues the next task
                release();
            });
        } catch (RejectedExecutionException e) {
            // closed: held readings are reported as discarded by the pipeline's deactivate
        }
    }

    /** Replays held readings in order while every required stage is present. Runs on the release thread. */
    private void release() {
        long released = 0;
        while (!Thread.currentThread().isInterrupted()) {
            gateReadSide.lock();
            try {
                StageSet s = stages.get();
                if (!s.missingRequired.isEmpty()) {
                    return; // the next stage arrival schedules another release
                }
                DeviceReading next;
                synchronized (lock) {
                    next = hold.poll();
                    if (next == null) {
                        holding = false;
                        fullLogged = false;
                        if (released > 0) {
                            LOG.log(Level.INFO, "Released {0} held readings in order", released);
                        }
                        return;
                    }
                }
                process.accept(next, s);
                released++;
            } finally {
                gateReadSide.unlock();
            }
        }
    }
}
