package io.plantwire.driver.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
}
