package io.plantwire.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.plantwire.api.driver.ConnectionState;
import io.plantwire.api.driver.DeviceStatus;

import org.apache.felix.hc.api.Result;
import org.junit.jupiter.api.Test;

class DeviceWatchTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final Duration POLL = Duration.ofSeconds(1);

    private static DeviceWatch.Observed device(String id, ConnectionState state, Instant lastGood, String error) {
        return new DeviceWatch.Observed(new DeviceStatus(id, "modbus", "tcp://10.0.0.5:502 unit 3", state, lastGood,
                error, null, 0, 0, 0, 0, 0), POLL);
    }

    @Test
    void passesUpToExactlyNPollsOfSilenceAndFailsJustBeyond() {
        DeviceWatch watch = new DeviceWatch();
        assertThat(watch.judge(List.of(device("m1", ConnectionState.CONNECTED, NOW.minusSeconds(3), "")), 3, NOW))
                .extracting(Finding::status).containsExactly(Result.Status.OK);
        List<Finding> late = watch.judge(List.of(device("m1", ConnectionState.CONNECTED,
                NOW.minusSeconds(3).minusMillis(1), "")), 3, NOW);
        assertThat(late).extracting(Finding::status).containsOnly(Result.Status.CRITICAL);
        assertThat(late.get(0).message()).contains("device m1 (modbus, tcp://10.0.0.5:502 unit 3)",
                "more than 3 polls of 1000 ms", "state CONNECTED");
    }

    @Test
    void deviceWithoutAGoodPollIsMeasuredFromWhenItWasFirstSeen() {
        DeviceWatch watch = new DeviceWatch();
        DeviceWatch.Observed never = device("m2", ConnectionState.CONNECTING, null, "");
        assertThat(watch.judge(List.of(never), 3, NOW)).extracting(Finding::status).containsExactly(Result.Status.OK);
        assertThat(watch.judge(List.of(never), 3, NOW.plusSeconds(3))).extracting(Finding::status)
                .containsExactly(Result.Status.OK);
        List<Finding> later = watch.judge(List.of(never), 3, NOW.plusSeconds(4));
        assertThat(later.get(0).status()).isEqualTo(Result.Status.CRITICAL);
        assertThat(later.get(0).message()).contains("has had no good poll in 4.0 s");
    }

    @Test
    void aDeviceThatGoesAwayAndComesBackStartsAgain() {
        DeviceWatch watch = new DeviceWatch();
        DeviceWatch.Observed never = device("m3", ConnectionState.CONNECTING, null, "");
        watch.judge(List.of(never), 3, NOW);
        watch.judge(List.of(), 3, NOW.plusSeconds(10));
        assertThat(watch.judge(List.of(never), 3, NOW.plusSeconds(11))).extracting(Finding::status)
                .containsExactly(Result.Status.OK);
    }

    @Test
    void stoppedDevicesAreCountedButNotJudgedAndNoDevicesPass() {
        DeviceWatch watch = new DeviceWatch();
        List<Finding> f = watch.judge(List.of(device("off", ConnectionState.STOPPED, null, "")), 3, NOW.plusSeconds(60));
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.status()).isEqualTo(Result.Status.OK);
            assertThat(x.message()).contains("0 of 0 devices", "1 stopped by configuration");
        });
        assertThat(new DeviceWatch().judge(List.of(), 3, NOW)).singleElement()
                .satisfies(x -> assertThat(x.message()).isEqualTo("no devices configured"));
    }

    @Test
    void foreignTextIsRedactedEscapedAndCut() {
        DeviceWatch watch = new DeviceWatch();
        String error = "login failed password=s3cr3t-value\r\nInjected: line" + "x".repeat(1000);
        List<Finding> f = watch.judge(List.of(device("m\u001b[2J4", ConnectionState.DISCONNECTED,
                NOW.minusSeconds(60), error)), 3, NOW);
        String m = f.get(0).message();
        assertThat(m).doesNotContain("s3cr3t-value").doesNotContain("\r").doesNotContain("\n").doesNotContain("\u001b");
        assertThat(m).contains("***").hasSizeLessThan(900);
    }

    @Test
    void pollIntervalComesFromTheDriverWhenItPublishesOne() {
        Duration fallback = Duration.ofMillis(1000);
        assertThat(DevicesConnectedCheck.pollInterval(250, fallback)).isEqualTo(Duration.ofMillis(250));
        assertThat(DevicesConnectedCheck.pollInterval("500", fallback)).isEqualTo(Duration.ofMillis(500));
        assertThat(DevicesConnectedCheck.pollInterval("soon", fallback)).isEqualTo(fallback);
        assertThat(DevicesConnectedCheck.pollInterval(-5L, fallback)).isEqualTo(fallback);
        assertThat(DevicesConnectedCheck.pollInterval(null, fallback)).isEqualTo(fallback);
    }
}
