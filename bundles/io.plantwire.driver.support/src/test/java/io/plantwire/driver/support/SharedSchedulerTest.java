package io.plantwire.driver.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Many devices on a few threads: what the shared scheduler promises, checked with counts, not timings. */
class SharedSchedulerTest {

    private final List<PolledDevice<?, ?>> devices = new ArrayList<>();
    private DeviceThreadPool pool;

    @AfterEach
    void stop() {
        devices.forEach(PolledDevice::close);
        if (pool != null) {
            pool.close();
        }
    }

    private static long threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).count();
    }

    private ScriptedProtocol add(RecordingIntake intake, String id, long intervalMs) {
        ScriptedProtocol p = new ScriptedProtocol();
        devices.add(PolledDevice.builder(id, "scripted", p).group(PollGroup.<Void>builder("g", intervalMs).point("v").build())
                .start(pool, intake));
        return p;
    }

    @Test
    void aThousandDevicesPollOnFourThreads() {
        pool = new DeviceThreadPool("thousand", 4);
        RecordingIntake intake = new RecordingIntake();
        List<ScriptedProtocol> protocols = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            protocols.add(add(intake, "d" + i, 200));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            for (int i = 0; i < 1000; i++) {
                if (intake.count("d" + i) < 3) {
                    return false;
                }
            }
            return true;
        });
        assertThat(threadsNamed("plantwire-thousand-")).isLessThanOrEqualTo(4);
        assertThat(intake.overlaps.get()).isZero();
        assertThat(protocols).allSatisfy(p -> assertThat(p.maxInside.get()).isEqualTo(1));
        assertThat(devices).allSatisfy(d -> assertThat(d.status().requests()).isGreaterThanOrEqualTo(3));

        devices.forEach(PolledDevice::close);
        assertThat(pool.stop()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> threadsNamed("plantwire-thousand-") == 0);
    }

    @Test
    void aFewDevicesKeepAsFewThreadsAsTheyHavePollGroups() {
        pool = new DeviceThreadPool("few", 8);
        RecordingIntake intake = new RecordingIntake();
        for (int i = 0; i < 3; i++) {
            add(intake, "f" + i, 20);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> intake.count("f0") >= 10 && intake.count("f1") >= 10
                && intake.count("f2") >= 10);
        assertThat(threadsNamed("plantwire-few-")).isBetween(1L, 3L);
        assertThat(pool.threads()).isEqualTo(8);
    }

    @Test
    void aBlockedDeviceHoldsOneThreadAndTheOthersKeepPolling() {
        pool = new DeviceThreadPool("blocked", 2);
        RecordingIntake intake = new RecordingIntake();
        ScriptedProtocol slow = add(intake, "slow", 50);
        slow.readMillis = 400; // a device that answers only at its timeout, every poll
        for (int i = 0; i < 10; i++) {
            add(intake, "ok" + i, 50);
        }
        // While the slow device holds one of the two threads, the other ten share the second.
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (int i = 0; i < 10; i++) {
                if (intake.count("ok" + i) < 20) {
                    return false;
                }
            }
            return true;
        });
        assertThat(intake.count("slow")).isLessThan(intake.count("ok0"));
        // The slow device's polls were skipped, not queued up without bound.
        assertThat(devices.get(0).overruns()).isPositive();
        assertThat(pool.queued()).isLessThan(100);
    }

    @Test
    void aPollThatRunsLateLeavesNothingOfItsGroupWaitingOnThePool() throws Exception {
        pool = new DeviceThreadPool("late", 2);
        RecordingIntake intake = new RecordingIntake();
        ScriptedProtocol late = new ScriptedProtocol();
        late.failNext(ScriptedProtocol.Behaviour.BLOCK_UNTIL_RELEASED, 1);
        devices.add(PolledDevice.builder("late", "scripted", late).group(PollGroup.<Void>builder("g", 10).point("v").build())
                .start(pool, intake));
        assertThat(late.blocking.await(30, TimeUnit.SECONDS)).isTrue();

        // The first poll holds a thread, however many intervals pass: no tick of its group waits behind it, since the
        // next poll is set only when this one ends.
        assertThat(pool.queued()).isZero();
        late.release.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> intake.count("late") >= 5);
        assertThat(late.maxInside.get()).isEqualTo(1);
        assertThat(pool.queued()).isLessThanOrEqualTo(1);
    }
}
