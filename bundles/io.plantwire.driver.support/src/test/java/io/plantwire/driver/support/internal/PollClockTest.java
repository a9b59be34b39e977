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
        clock.start(1_000 * MS, 0);
        assertThat(scheduler.runIns).containsExactly(0L);
        // Ended 3.5 ms after it was due: the next is due 6.5 ms later, set rounded up so it never starts early.
        assertThat(clock.pollEnded(1_003 * MS + MS / 2)).isZero();
        // Ended exactly when the next was due: run at once, nothing skipped.
        assertThat(clock.pollEnded(1_020 * MS)).isZero();
        assertThat(scheduler.runIns).containsExactly(0L, 7L, 0L);
    }

    @Test
    void aLatePollIsFollowedAtOnceAndTheDueTimesItMissedAreCounted() {
        clock.start(0, 0);
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

    @Test
    void afterTheFirstPollTheGridLiesAtTheClocksPhase() {
        clock.start(1_000 * MS, 4 * MS);
        assertThat(scheduler.runIns).containsExactly(0L);
        // The first poll ended 1 ms after the start: the second is due at the phase, 4 ms after the start.
        assertThat(clock.pollEnded(1_001 * MS)).isZero();
        // Then every interval from there: 1,014, 1,024, ...
        assertThat(clock.pollEnded(1_005 * MS)).isZero();
        assertThat(clock.pollEnded(1_015 * MS)).isZero();
        assertThat(scheduler.runIns).containsExactly(0L, 3L, 9L, 9L);
    }

    @Test
    void aPhaseOutsideTheIntervalIsRefused() {
        assertThatThrownBy(() -> clock.start(0, 10 * MS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("less than the interval");
        assertThatThrownBy(() -> clock.start(0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(scheduler.runIns).isEmpty();
    }

    @Test
    void clocksStartedTogetherAreSpreadOverTheInterval() {
        long interval = 500 * MS;
        for (int n : new int[] {2, 4, 10, 1_000}) {
            List<Long> phases = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                long phase = PollPhases.phase(k, interval);
                assertThat(phase).isBetween(0L, interval - 1);
                phases.add(phase);
            }
            phases.sort(null);
            long widest = interval - phases.get(n - 1) + phases.get(0);
            for (int i = 1; i < n; i++) {
                widest = Math.max(widest, phases.get(i) - phases.get(i - 1));
            }
            // Evenly would be interval / n; the sequence stays within three times that for any n.
            assertThat(widest).as("widest gap between %d clocks' polls", n).isLessThanOrEqualTo(3 * interval / n);
        }
        assertThat(PollPhases.next(interval)).isBetween(0L, interval - 1);
    }
}
