package io.plantwire.driver.support.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.plantwire.driver.support.DeviceScheduler;

/** The clock's arithmetic on a fake timer and a given time: the grid, the runs set, the skips counted. */
class PollClockTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    /** Records each runIn instead of running anything. */
    private static final class FakeScheduler implements DeviceScheduler {
        final List<Long> runIns = new ArrayList<>();
        boolean cancelled;

        @Override
        public int threads() {
            return 1;
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable tick, long initialDelayMs, long periodMs) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Timer timer(Runnable task) {
            return new Timer() {
                @Override
                public void runIn(long delayMs) {
                    runIns.add(delayMs);
                }

                @Override
                public void cancel() {
                    cancelled = true;
                }
            };
        }

        @Override
        public void execute(Runnable task) {
            throw new UnsupportedOperationException();
        }
    }

    private final FakeScheduler scheduler = new FakeScheduler();
    private final PollClock clock = new PollClock(scheduler, 10, () -> { });

    @Test
    void aPollThatEndsInTimeIsFollowedOnTheGrid() {
        clock.start(1_000 * MS);
        assertThat(scheduler.runIns).containsExactly(0L);
        // Ended 3.5 ms after it was due: the next is due 6.5 ms later, set rounded up so it never starts early.
        assertThat(clock.pollEnded(1_003 * MS + MS / 2)).isZero();
        // Ended exactly when the next was due: run at once, nothing skipped.
        assertThat(clock.pollEnded(1_020 * MS)).isZero();
        assertThat(scheduler.runIns).containsExactly(0L, 7L, 0L);
    }

    @Test
    void aLatePollIsFollowedAtOnceAndTheDueTimesItMissedAreCounted() {
        clock.start(0);
        // Due at 0, ended at 47 ms: 10, 20, 30 and 40 passed; one poll runs now (for 40), three are skipped.
        assertThat(clock.pollEnded(47 * MS)).isEqualTo(3);
        // That one ended at 49 ms: the grid goes on at 50.
        assertThat(clock.pollEnded(49 * MS)).isZero();
        assertThat(scheduler.runIns).containsExactly(0L, 0L, 1L);
    }

    @Test
    void cancelStopsTheTimer() {
        clock.cancel();
        assertThat(scheduler.cancelled).isTrue();
    }

    @Test
    void theIntervalMustBePositive() {
        assertThatThrownBy(() -> new PollClock(scheduler, 0, () -> { })).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 ms");
    }
}
