package io.plantwire.driver.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.plantwire.api.driver.ConnectionState;
import io.plantwire.api.driver.DeviceStatus;
import io.plantwire.api.driver.DeviceWriteException;
import io.plantwire.api.driver.RoundTripHistogram;
import io.plantwire.api.driver.WriteRequest;
import io.plantwire.api.model.DeviceReading;
import io.plantwire.api.model.PointSample;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Quality.Reason;
import io.plantwire.api.model.Value;

class PolledDeviceTest {

    private final DeviceThreadPool pool = new DeviceThreadPool("test", 4);
    private final RecordingIntake intake = new RecordingIntake();
    private final ScriptedProtocol device = new ScriptedProtocol();
    private PolledDevice<ScriptedProtocol.Connection, Void> polled;
    private PolledDevice<?, ?> other;

    @AfterEach
    void stop() {
        if (polled != null) {
            polled.close();
        }
        if (other != null) {
            other.close();
        }
        pool.close();
    }

    private PolledDevice<ScriptedProtocol.Connection, Void> start(long intervalMs) {
        polled = PolledDevice.builder("dev-1", "scripted", device).endpoint("script://dev-1")
                .group(PollGroup.<Void>builder("fast", intervalMs).point("a", "kW").point("b").build())
                .group(PollGroup.<Void>builder("slow", intervalMs * 3).point("c").build())
                .reconnectBackoff(40, 160).start(pool, intake);
        return polled;
    }

    private static Quality quality(DeviceReading r, String point) {
        return r.point(point).quality();
    }

    @Test
    void readingsOfOneDeviceArriveInOrderOneAtATime() {
        start(5);
        await().atMost(Duration.ofSeconds(10)).until(() -> intake.count("dev-1") >= 40);
        List<DeviceReading> got = intake.of("dev-1");
        for (int i = 1; i < got.size(); i++) {
            assertThat(got.get(i).readTime()).isAfterOrEqualTo(got.get(i - 1).readTime());
        }
        assertThat(device.maxInside.get()).isEqualTo(1);
        assertThat(intake.overlaps.get()).isZero();
        assertThat(got).allSatisfy(r -> assertThat(List.copyOf(r.points().keySet())).isIn(List.of("a", "b"), List.of("c")));
        PointSample a = got.stream().filter(r -> r.point("a") != null).findFirst().orElseThrow().point("a");
        assertThat(a.quality().isGood()).isTrue();
        assertThat(a.unit()).isEqualTo("kW");
        assertThat(device.threads).allMatch(t -> t.startsWith("plantwire-test-"));
    }

    @Test
    void aThrowingReadBecomesBadWithAReasonAndPollingGoesOn() {
        device.failNext(ScriptedProtocol.Behaviour.THROW_BUG, 3);
        start(10);
        await().atMost(Duration.ofSeconds(10)).until(() -> intake.of("dev-1").stream()
                .anyMatch(r -> r.point("a") != null && r.point("a").quality().isGood()));
        DeviceReading bad = intake.of("dev-1").get(0);
        PointSample s = bad.points().values().iterator().next();
        assertThat(s.quality().reason()).isEqualTo(Reason.DISCONNECTED);
        assertThat(s.quality().detail()).contains("parser bug");
        assertThat(s.hasValue()).isFalse();
        DeviceStatus status = polled.status();
        assertThat(status.errors()).isGreaterThanOrEqualTo(3);
        assertThat(status.errors(Reason.DISCONNECTED)).isGreaterThanOrEqualTo(3);
        assertThat(status.state()).isEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void anUnreachableDeviceIsBadDisconnectedWithBackoffThenGoodAgain() {
        device.reachable = false;
        start(5);
        await().atMost(Duration.ofSeconds(10)).until(() -> intake.count("dev-1") >= 100);
        assertThat(intake.of("dev-1")).allSatisfy(r -> r.points().values().forEach(p -> {
            assertThat(p.quality().reason()).isEqualTo(Reason.DISCONNECTED);
            assertThat(p.quality().detail()).contains("Connection refused").contains("script://dev-1");
            assertThat(p.hasValue()).isFalse();
        }));
        // 100 polls, 5 ms apart, while the backoff grew 40, 80, 160, 160 ms: far fewer attempts than polls.
        assertThat(device.connectAttempts.get()).isLessThan(20);
        assertThat(polled.status().state()).isEqualTo(ConnectionState.DISCONNECTED);
        assertThat(polled.status().lastError()).contains("Connection refused");

        int before = intake.count("dev-1");
        device.reachable = true;
        await().atMost(Duration.ofSeconds(10)).until(() -> quality(intake.last(), intake.last().points().keySet()
                .iterator().next()).isGood());
        assertThat(intake.count("dev-1")).isGreaterThan(before);
        assertThat(polled.status().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(polled.status().lastSuccessfulPoll()).isNotNull();
    }

    @Test
    void aTimeoutDropsTheConnectionAndReconnectsAtOnce() {
        device.failNext(ScriptedProtocol.Behaviour.TIMEOUT, 1);
        start(10);
        await().atMost(Duration.ofSeconds(10)).until(() -> device.connects.get() >= 2 && intake.count("dev-1") >= 3);
        DeviceReading first = intake.of("dev-1").get(0);
        assertThat(first.points().values()).allSatisfy(p -> assertThat(p.quality().reason()).isEqualTo(Reason.TIMEOUT));
        assertThat(device.closes.get()).isGreaterThanOrEqualTo(1);
        assertThat(polled.status().errors(Reason.TIMEOUT)).isEqualTo(1);
    }

    @Test
    void aRefusalKeepsTheConnection() {
        device.failNext(ScriptedProtocol.Behaviour.REFUSE, 2);
        start(10);
        await().atMost(Duration.ofSeconds(10)).until(() -> device.counter.get() >= 3);
        DeviceReading first = intake.of("dev-1").get(0);
        Quality q = first.points().values().iterator().next().quality();
        assertThat(q.reason()).isEqualTo(Reason.DEVICE_EXCEPTION);
        assertThat(q.code()).isEqualTo(2);
        assertThat(device.connects.get()).isEqualTo(1);
        assertThat(polled.status().errors(Reason.DEVICE_EXCEPTION)).isEqualTo(2);
    }

    @Test
    void aLostConnectionWaitsForTheBackoffBeforeReconnecting() {
        start(5);
        await().atMost(Duration.ofSeconds(10)).until(() -> device.counter.get() >= 2);
        device.failNext(ScriptedProtocol.Behaviour.LOSE_CONNECTION, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> device.connects.get() >= 2);
        assertThat(intake.readings).anySatisfy(r -> assertThat(r.points().values().iterator().next().quality().detail())
                .contains("connection lost").contains("Connection reset"));
        // Between losing the connection and the reconnect, polls went on as BAD(DISCONNECTED), not stale GOOD.
        assertThat(intake.readings).anySatisfy(r -> r.points().values().forEach(p -> assertThat(p.quality().reason())
                .isEqualTo(Reason.DISCONNECTED)));
    }

    @Test
    void theStatusCountsRequestsRoundTripsAndErrorsByReason() {
        device.failNext(ScriptedProtocol.Behaviour.REFUSE, 1);
        start(5);
        await().atMost(Duration.ofSeconds(10)).until(() -> device.counter.get() >= 10);
        DeviceStatus s = polled.status();
        assertThat(s.deviceId()).isEqualTo("dev-1");
        assertThat(s.driverType()).isEqualTo("scripted");
        assertThat(s.endpoint()).isEqualTo("script://dev-1");
        assertThat(s.errorsByReason()).containsEntry(Reason.DEVICE_EXCEPTION, 1L);
        RoundTripHistogram h = s.roundTrips();
        // Counters move while the status is taken; each one is consistent with the requests counted before it.
        assertThat(h.totalCount()).isGreaterThanOrEqualTo(9).isLessThanOrEqualTo(s.requests());
        assertThat(s.maxRoundTripMicros()).isGreaterThanOrEqualTo(s.meanRoundTripMicros());
    }

    @Test
    void readNowReadsOnceWithoutMovingCounters() throws Exception {
        start(60_000); // one poll per group at start, then none within the test
        await().atMost(Duration.ofSeconds(10)).until(() -> intake.count("dev-1") == 2);
        DeviceStatus before = polled.status();
        List<DeviceReading> readings = polled.readNow().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(readings).hasSize(2);
        assertThat(readings.get(0).points().keySet()).containsExactly("a", "b");
        assertThat(readings.get(1).points().keySet()).containsExactly("c");
        assertThat(readings.get(0).point("a").quality().isGood()).isTrue();
        DeviceStatus after = polled.status();
        assertThat(after.requests()).isEqualTo(before.requests());
        assertThat(after.roundTrips()).isEqualTo(before.roundTrips());
        assertThat(after.lastSuccessfulPoll()).isEqualTo(before.lastSuccessfulPoll());
        assertThat(intake.count("dev-1")).isEqualTo(2); // the dry run submitted nothing
    }

    @Test
    void closeUnblocksAWaitingReadWaitsForItAndNeverSubmitsAfterwards() throws Exception {
        device.failNext(ScriptedProtocol.Behaviour.BLOCK_UNTIL_CLOSED, 1);
        start(10);
        assertThat(device.blocking.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<List<DeviceReading>> queued = polled.readNow().toCompletableFuture();
        polled.close();
        int submitted = intake.count("dev-1");
        assertThat(device.inside.get()).isZero(); // close() returned after the blocked read ended
        assertThat(polled.status().state()).isEqualTo(ConnectionState.STOPPED);
        assertThatThrownBy(queued::join).hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("stopping");
        assertThatThrownBy(() -> polled.readNow().toCompletableFuture().join()).hasMessageContaining("stopping");
        // A quiet window, on purpose: nothing may arrive after close, and only waiting can show that.
        Thread.sleep(200);
        assertThat(intake.count("dev-1")).isEqualTo(submitted);
        assertThat(device.closes.get()).isGreaterThanOrEqualTo(device.connects.get());
    }

    @Test
    void aReadOnlyProtocolRefusesWrites() {
        start(1000);
        CompletableFuture<?> w = polled.write(new WriteRequest("dev-1", "a", Value.of(1L), false)).toCompletableFuture();
        assertThatThrownBy(w::join).hasCauseInstanceOf(DeviceWriteException.class).hasMessageContaining("not supported");
        CompletableFuture<?> other = polled.write(new WriteRequest("dev-2", "a", Value.of(1L), false)).toCompletableFuture();
        assertThatThrownBy(other::join).hasMessageContaining("serves device 'dev-1', not 'dev-2'");
    }

    @Test
    void aBadPointNameFromTheDriverIsAReadFailureNotAStall() {
        other = PolledDevice.builder("dev-2", "scripted", new DeviceProtocol<Object, Void>() {
            @Override
            public Object connect() {
                return new Object();
            }

            @Override
            public void read(Object c, PollGroup<Void> g, PollResult r) {
                r.good("a", Value.of(1L));
                r.good("nope", Value.of(2L));
            }

            @Override
            public void close(Object c) {
            }
        }).group(PollGroup.<Void>builder("g", 10).point("a").point("b").build()).start(pool, intake);
        await().atMost(Duration.ofSeconds(10)).until(() -> intake.count("dev-2") >= 2);
        DeviceReading r = intake.of("dev-2").get(0);
        assertThat(r.point("a").quality().isGood()).isTrue(); // what was read before the failure is kept
        assertThat(r.point("b").quality().detail()).contains("has no point 'nope'");
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> PollGroup.builder("g", 0)).hasMessageContaining("intervalMs").hasMessageContaining("0");
        assertThatThrownBy(() -> PollGroup.builder("g", 10).build()).hasMessageContaining("has no point");
        assertThatThrownBy(() -> PollGroup.builder("g", 10).point("a").point("a")).hasMessageContaining("'a' is listed twice");
        assertThatThrownBy(() -> PolledDevice.builder(" ", "x", device)).hasMessageContaining("deviceId");
        assertThatThrownBy(() -> PolledDevice.builder("d", "x", device).reconnectBackoff(100, 50))
                .hasMessageContaining("max (50 ms)");
        assertThatThrownBy(() -> PolledDevice.builder("d", "x", device).start(pool, intake)).hasMessageContaining("no poll group");
        assertThatThrownBy(() -> new DeviceThreadPool("x", 0)).hasMessageContaining("threads must be 1-256, got 0");
    }
}
