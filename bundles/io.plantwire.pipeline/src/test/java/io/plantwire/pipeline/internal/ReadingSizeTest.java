package io.plantwire.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.plantwire.api.model.DeviceReading;
import io.plantwire.api.model.PointSample;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Value;

class ReadingSizeTest {

    private static final Instant T = Instant.parse("2026-12-06T09:00:00Z");

    @Test
    void growsWithPointsStringsAndQualityDetails() {
        DeviceReading one = DeviceReading.builder("meter-1", T).point("power", Value.of(1.5)).build();
        DeviceReading two = DeviceReading.builder("meter-1", T).point("power", Value.of(1.5))
                .point("energy", Value.of(2.5)).build();
        DeviceReading text = DeviceReading.builder("meter-1", T).point("power", Value.of("x".repeat(1000))).build();
        DeviceReading bad = DeviceReading.builder("meter-1", T)
                .point("power", PointSample.bad(Quality.bad(Quality.Reason.TIMEOUT, "y".repeat(1000)), T)).build();

        assertThat(ReadingSize.of(two)).isGreaterThan(ReadingSize.of(one));
        assertThat(ReadingSize.of(text) - ReadingSize.of(one)).isGreaterThanOrEqualTo(1000);
        assertThat(ReadingSize.of(bad) - ReadingSize.of(one)).isGreaterThanOrEqualTo(1000);
    }

    @Test
    void countsNonLatinTextAtTwoBytesPerCharacter() {
        assertThat(ReadingSize.string("a".repeat(100))).isEqualTo(ReadingSize.STRING + 16 + 104);
        assertThat(ReadingSize.string("\u6e29".repeat(100))).isEqualTo(ReadingSize.STRING + 16 + 200);
    }

    @Test
    void aTenPointReadingIsEstimatedAtItsUncompressedLayout() {
        DeviceReading.Builder b = DeviceReading.builder("meter-1", T);
        for (int i = 0; i < 10; i++) {
            b.point("point" + i, Value.of(i * 1.5));
        }
        // 10 entries of entry 64 + key 56 + sample 48 + value 48 + instant 32 + empty unit 48, plus the reading's own
        // objects (hold entry 48, reading 40, instant 32, device id 56, wrapper 48, map 88, table of 16 144).
        assertThat(ReadingSize.of(b.build())).isEqualTo(10 * (64 + 56 + 48 + 48 + 32 + 48) + 48 + 40 + 32 + 56 + 48
                + 88 + 144);
    }
}
