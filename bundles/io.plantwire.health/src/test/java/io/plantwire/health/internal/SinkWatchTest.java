package io.plantwire.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import io.plantwire.api.stage.SinkStatus;

import org.apache.felix.hc.api.Result;
import org.junit.jupiter.api.Test;

class SinkWatchTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private static HealthThresholds thresholds(long maxBacklog, long maxAgeSeconds, long maxDownSeconds) {
        return new HealthThresholds(new HealthThresholdsTest.Config().backlog(maxBacklog).age(maxAgeSeconds)
                .down(maxDownSeconds), Path.of("/tmp/data"));
    }

    private static SinkWatch.Observed sink(boolean connected, long backlog, Instant oldest) {
        return new SinkWatch.Observed("uns", new SinkStatus(connected, backlog, 0, 0, "", null, oldest), "");
    }

    @Test
    void backlogAtTheBoundPassesOneMoreFails() {
        SinkWatch watch = new SinkWatch();
        HealthThresholds t = thresholds(100, 60, 0);
        assertThat(watch.judge(List.of(sink(true, 100, NOW)), t, NOW)).extracting(Finding::status)
                .containsOnly(Result.Status.OK);
        assertThat(watch.judge(List.of(sink(true, 101, NOW)), t, NOW).get(0).message())
                .isEqualTo("sink uns: 101 records waiting (maxBacklogRecords=100)");
    }

    @Test
    void oldestRecordAtTheBoundPassesOlderFailsAndAnEmptyBacklogHasNoAge() {
        SinkWatch watch = new SinkWatch();
        HealthThresholds t = thresholds(100, 60, 0);
        assertThat(watch.judge(List.of(sink(true, 5, NOW.minusSeconds(60))), t, NOW)).extracting(Finding::status)
                .containsOnly(Result.Status.OK);
        assertThat(watch.judge(List.of(sink(true, 5, NOW.minusSeconds(61))), t, NOW).get(0).message())
                .contains("oldest waiting record accepted 61 s ago (maxOldestRecordAgeSeconds=60)");
        assertThat(watch.judge(List.of(sink(true, 0, NOW.minusSeconds(600))), t, NOW)).extracting(Finding::status)
                .containsOnly(Result.Status.OK);
    }

    @Test
    void disconnectionIsToleratedForTheConfiguredTimeThenFailsAndAReconnectResetsIt() {
        SinkWatch watch = new SinkWatch();
        HealthThresholds t = thresholds(100, 60, 10);
        assertThat(watch.judge(List.of(sink(false, 0, null)), t, NOW).get(0).status()).isEqualTo(Result.Status.OK);
        assertThat(watch.judge(List.of(sink(false, 0, null)), t, NOW.plusSeconds(9)).get(0).status())
                .isEqualTo(Result.Status.OK);
        assertThat(watch.judge(List.of(sink(false, 0, null)), t, NOW.plusSeconds(10)).get(0).message())
                .contains("disconnected for 10 s (maxSinkDisconnectedSeconds=10)");
        watch.judge(List.of(sink(true, 0, null)), t, NOW.plusSeconds(11));
        assertThat(watch.judge(List.of(sink(false, 0, null)), t, NOW.plusSeconds(12)).get(0).status())
                .isEqualTo(Result.Status.OK);
    }

    @Test
    void zeroToleranceFailsAtOnce() {
        assertThat(new SinkWatch().judge(List.of(sink(false, 0, null)), thresholds(100, 60, 0), NOW).get(0).status())
                .isEqualTo(Result.Status.CRITICAL);
    }

    @Test
    void sinkWithoutStatusWarnsAndOneThatThrowsFails() {
        SinkWatch watch = new SinkWatch();
        HealthThresholds t = thresholds(100, 60, 0);
        List<Finding> unknown = watch.judge(List.of(new SinkWatch.Observed("legacy", SinkStatus.UNKNOWN, "")), t, NOW);
        assertThat(unknown).extracting(Finding::status).containsExactly(Result.Status.WARN, Result.Status.OK);
        List<Finding> thrown = watch.judge(List.of(new SinkWatch.Observed("broken", null,
                "java.lang.IllegalStateException: token=abc123def closed")), t, NOW);
        assertThat(thrown.get(0).status()).isEqualTo(Result.Status.CRITICAL);
        assertThat(thrown.get(0).message()).contains("sink broken did not report its status").doesNotContain("abc123def");
    }
}
