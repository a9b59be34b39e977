package io.plantwire.api.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.plantwire.api.model.Quality.Reason;

class DeviceStatusTest {

    @Test
    @SuppressWarnings("deprecation")
    void theBuilderFillsEveryComponentByName() {
        long[] counts = new long[RoundTripHistogram.BUCKETS];
        counts[2] = 7;
        RoundTripHistogram h = RoundTripHistogram.of(counts, 2_100);
        DeviceStatus s = DeviceStatus.builder("meter-1", "modbus").endpoint("tcp://h:502 unit 1")
                .state(ConnectionState.CONNECTED).lastSuccessfulPoll(Instant.ofEpochSecond(5))
                .lastError("timeout", Instant.ofEpochSecond(4)).requests(10).errors(3).lastRoundTripMicros(300)
                .meanRoundTripMicros(250).maxRoundTripMicros(480).roundTrips(h).errors(Reason.TIMEOUT, 2)
                .errors(Reason.DISCONNECTED, 1).build();
        DeviceStatus positional = new DeviceStatus("meter-1", "modbus", "tcp://h:502 unit 1", ConnectionState.CONNECTED,
                Instant.ofEpochSecond(5), "timeout", Instant.ofEpochSecond(4), 10, 3, 300, 250, 480, h,
                Map.of(Reason.TIMEOUT, 2L, Reason.DISCONNECTED, 1L));
        assertThat(s).isEqualTo(positional);
        assertThat(s.errors(Reason.TIMEOUT)).isEqualTo(2);
        assertThat(s.errors(Reason.DEVICE_EXCEPTION)).isZero();
        assertThat(s.toBuilder().build()).isEqualTo(s);
        assertThat(s.toBuilder().requests(11).build().requests()).isEqualTo(11);
    }

    @Test
    @SuppressWarnings("deprecation")
    void theOldConstructorStillWorksWithEmptyNewParts() {
        DeviceStatus s = new DeviceStatus("d", "x", null, ConnectionState.STOPPED, null, null, null, 1, 0, 5, 5, 5);
        assertThat(s.roundTrips()).isEqualTo(RoundTripHistogram.EMPTY);
        assertThat(s.errorsByReason()).isEmpty();
        assertThat(s.endpoint()).isEmpty();
        assertThat(s.lastError()).isEmpty();
    }

    @Test
    void badNumbersAreNamed() {
        DeviceStatus.Builder b = DeviceStatus.builder("d", "x");
        assertThatThrownBy(() -> b.requests(-1)).hasMessageContaining("requests").hasMessageContaining("-1");
        assertThatThrownBy(() -> b.errors(Reason.NONE, 1)).hasMessageContaining("NONE");
        assertThatThrownBy(() -> b.errors(Reason.TIMEOUT, -2)).hasMessageContaining("TIMEOUT");
    }

    @Test
    void errorsByReasonIsACopy() {
        java.util.EnumMap<Reason, Long> m = new java.util.EnumMap<>(Reason.class);
        m.put(Reason.TIMEOUT, 1L);
        DeviceStatus s = new DeviceStatus("d", "x", "", ConnectionState.CONNECTED, null, "", null, 1, 1, 0, 0, 0,
                RoundTripHistogram.EMPTY, m);
        m.put(Reason.TIMEOUT, 5L);
        assertThat(s.errors(Reason.TIMEOUT)).isEqualTo(1);
        assertThatThrownBy(() -> s.errorsByReason().put(Reason.STALE, 1L)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void histogramBucketsFollowTheBounds() {
        assertThat(RoundTripHistogram.bucketOf(0)).isZero();
        assertThat(RoundTripHistogram.bucketOf(100)).isZero();
        assertThat(RoundTripHistogram.bucketOf(101)).isEqualTo(1);
        assertThat(RoundTripHistogram.bucketOf(10_000_000)).isEqualTo(RoundTripHistogram.BUCKETS - 2);
        assertThat(RoundTripHistogram.bucketOf(10_000_001)).isEqualTo(RoundTripHistogram.BUCKETS - 1);
        assertThatThrownBy(() -> RoundTripHistogram.of(new long[3], 0)).hasMessageContaining(
                RoundTripHistogram.BUCKETS + " entries");
        long[] c = new long[RoundTripHistogram.BUCKETS];
        c[1] = -1;
        assertThatThrownBy(() -> RoundTripHistogram.of(c, 0)).hasMessageContaining("counts[1]");
        c[1] = 4;
        RoundTripHistogram h = RoundTripHistogram.of(c, 800);
        c[1] = 9;
        assertThat(h.count(1)).isEqualTo(4);
        assertThat(h.totalCount()).isEqualTo(4);
    }

    @Test
    void aReadOnlyDriverRefusesWritesWithoutImplementingThem() {
        Driver readOnly = new Driver() {
            @Override
            public String driverType() {
                return "line";
            }

            @Override
            public java.util.List<DeviceStatus> deviceStatus() {
                return java.util.List.of();
            }
        };
        var result = readOnly.write(new WriteRequest("d1", "p1", io.plantwire.api.model.Value.of(1L), false))
                .toCompletableFuture();
        assertThat(result).isCompletedExceptionally();
        assertThatThrownBy(result::join).hasCauseInstanceOf(DeviceWriteException.class)
                .hasMessageContaining("not supported").hasMessageContaining("'line'").hasMessageContaining("'p1'");
    }
}
