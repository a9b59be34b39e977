package io.plantwire.sink.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class DrainThreadTest {

    @Test
    void aStopEndsALongPauseAtOnceAndTheLoopClosesUp() throws Exception {
        CountDownLatch pausing = new CountDownLatch(1);
        AtomicBoolean closed = new AtomicBoolean();
        AtomicReference<DrainThread> self = new AtomicReference<>();
        AtomicInteger pausesEnded = new AtomicInteger();
        DrainThread drain = new DrainThread("test-drain", () -> {
            DrainThread d = self.get();
            while (!d.stopping()) {
                pausing.countDown();
                if (!d.pause(TimeUnit.MINUTES.toMillis(10))) {
                    pausesEnded.incrementAndGet();
                }
            }
            closed.set(true); // the loop's own clean-up after its last turn
        });
        self.set(drain);
        drain.start();
        assertThat(pausing.await(10, TimeUnit.SECONDS)).isTrue();

        // joinMs far below the pause: true only if the stop ended the pause
        assertThat(drain.stop(10_000, null, 0)).isTrue();
        assertThat(closed).isTrue();
        assertThat(pausesEnded).hasValue(1);
    }

    @Test
    void aLoopHangingInAConnectIsUnblockedAfterTheJoinTimeout() throws Exception {
        CountDownLatch hanging = new CountDownLatch(1);
        CountDownLatch connection = new CountDownLatch(1); // closing the "client" releases the hanging connect
        AtomicInteger unblocks = new AtomicInteger();
        DrainThread drain = new DrainThread("test-drain", () -> {
            hanging.countDown();
            try {
                connection.await(); // ignores the stop, as a blocking connect does
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        drain.start();
        assertThat(hanging.await(10, TimeUnit.SECONDS)).isTrue();

        boolean ended = drain.stop(50, () -> {
            unblocks.incrementAndGet();
            connection.countDown();
        }, 10_000);
        assertThat(ended).isTrue();
        assertThat(unblocks).hasValue(1);
    }

    @Test
    void aLoopThatCannotBeUnblockedIsReportedNotEnded() throws Exception {
        CountDownLatch hanging = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        DrainThread drain = new DrainThread("test-drain", () -> {
            hanging.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        drain.start();
        assertThat(hanging.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            assertThat(drain.stop(20, null, 0)).isFalse();
        } finally {
            release.countDown();
        }
    }

    @Test
    void aPauseRunsItsTimeUnlessStoppedAndAfterAStopReturnsAtOnce() {
        DrainThread drain = new DrainThread("test-drain", () -> { });
        long t0 = System.nanoTime();
        assertThat(drain.pause(60)).isTrue();
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(60));
        assertThat(drain.pause(0)).isTrue();

        drain.requestStop();
        assertThat(drain.stopping()).isTrue();
        assertThat(drain.pause(TimeUnit.MINUTES.toMillis(10))).isFalse();
    }

    @Test
    void anInterruptEndsAPauseAndIsKept() {
        DrainThread drain = new DrainThread("test-drain", () -> { });
        Thread.currentThread().interrupt();
        try {
            assertThat(drain.pause(TimeUnit.MINUTES.toMillis(10))).isTrue();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void startsOnceAndAStopBeforeTheStartDoesNothing() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        DrainThread never = new DrainThread("test-drain", ran::countDown);
        assertThat(never.stop(10, () -> {
            throw new AssertionError("nothing to unblock");
        }, 10)).isTrue();

        DrainThread drain = new DrainThread("test-drain", ran::countDown);
        drain.start();
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(drain::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("test-drain");
        assertThat(drain.stop(10_000, null, 0)).isTrue();
    }

    @Test
    void aStopFromTheLoopItselfOnlyAsksForIt() throws Exception {
        AtomicReference<DrainThread> self = new AtomicReference<>();
        AtomicReference<Boolean> result = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        DrainThread drain = new DrainThread("test-drain", () -> {
            result.set(self.get().stop(10_000, null, 0)); // must not join itself
            done.countDown();
        });
        self.set(drain);
        drain.start();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(result.get()).isFalse();
        assertThat(drain.stopping()).isTrue();
    }
}
