package io.plantwire.driver.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pool's timers: one run per runIn, a later runIn replaces an earlier one, cancel leaves nothing queued. */
class DeviceThreadPoolTest {

    private final DeviceThreadPool pool = new DeviceThreadPool("timers", 4);
    private final AtomicInteger runs = new AtomicInteger();

    @AfterEach
    void stop() {
        pool.close();
    }

    @Test
    void aTimerRunsItsTaskOncePerRunIn() {
        DeviceScheduler.Timer timer = pool.timer(runs::incrementAndGet);
        timer.runIn(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 1);
        timer.runIn(-5); // a due time already passed: at once
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 2);
        assertThat(pool.queued()).isZero();
    }

    @Test
    void aLaterRunInReplacesARunNotStartedYet() {
        DeviceScheduler.Timer timer = pool.timer(runs::incrementAndGet);
        timer.runIn(600_000);
        assertThat(pool.queued()).isEqualTo(1);
        timer.runIn(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 1);
        // The ten-minute run was dropped from the queue, not left to run later.
        assertThat(pool.queued()).isZero();
    }

    @Test
    void cancelDropsTheRunSetAndLaterRunInsDoNothing() {
        DeviceScheduler.Timer timer = pool.timer(runs::incrementAndGet);
        timer.runIn(600_000);
        timer.cancel();
        assertThat(pool.queued()).isZero();
        timer.runIn(0);
        assertThat(pool.queued()).isZero();
        timer.cancel();
        assertThat(runs.get()).isZero();
    }

    @Test
    void aStoppedPoolRefusesTimersAndRuns() {
        DeviceScheduler.Timer timer = pool.timer(runs::incrementAndGet);
        pool.stop();
        assertThatThrownBy(() -> pool.timer(runs::incrementAndGet)).isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("timers");
        assertThatThrownBy(() -> timer.runIn(0)).isInstanceOf(RejectedExecutionException.class);
    }
}
