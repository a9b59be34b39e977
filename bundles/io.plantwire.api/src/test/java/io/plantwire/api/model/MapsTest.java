package io.plantwire.api.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class MapsTest {

    @Test
    void smallNegativeAndUnknownCountsGetTheDefault() {
        assertThat(Maps.capacityFor(-5)).isEqualTo(16);
        assertThat(Maps.capacityFor(0)).isEqualTo(16);
        assertThat(Maps.capacityFor(12)).isEqualTo(16);
    }

    @Test
    void aCountFitsWithoutGrowing() {
        for (int n : new int[] { 13, 56, 125, 1000 }) {
            assertThat(Maps.capacityFor(n) * 0.75).as("%d entries", n).isGreaterThanOrEqualTo(n);
        }
    }

    @Test
    void aHostileCountIsCapped() {
        assertThat(Maps.capacityFor(Integer.MAX_VALUE)).isEqualTo(Maps.capacityFor(Maps.MAX_HINTED_ENTRIES))
                .isLessThan(100_000);
        // and such a builder still builds: the first put does not allocate a table of a billion slots
        DeviceReading r = DeviceReading.builder("meter-1", Instant.EPOCH, Integer.MAX_VALUE)
                .point("p", Value.of(1L)).build();
        assertThat(r.points()).hasSize(1);
    }
}
