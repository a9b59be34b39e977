package io.plantwire.transform.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.plantwire.api.model.AssetRecord;

/**
 * The benchmark's states driven by hand (not through JMH): each invocation must push its readings through the
 * mapper, the normalizer and both context providers to the end, or the score would count work that never happened.
 */
class TransformBenchmarkTest {

    private static final int INVOCATIONS = 300;
    /** Per round each of the three tanks emits on its meter's reading and on the temperature reader's. */
    private static final int RECORDS_PER_ROUND = 6;

    private final TransformBenchmark.Shared shared = new TransformBenchmark.Shared();

    @AfterEach
    void tearDown() {
        shared.tearDown();
    }

    @Test
    void everyRoundIsMappedNormalizedAndEnriched() throws Exception {
        shared.setUp();
        List<AssetRecord> delivered = new ArrayList<>();
        TransformBenchmark.Plant plant = new TransformBenchmark.Plant() {
            @Override
            void deliver(AssetRecord enriched) {
                delivered.add(enriched);
            }
        };
        plant.setUp(shared);
        TransformBenchmark benchmark = new TransformBenchmark();

        for (int i = 0; i < INVOCATIONS; i++) {
            benchmark.pointsThroughMapNormalizeEnrich(plant, null);
        }

        assertThat(delivered).hasSize(INVOCATIONS * RECORDS_PER_ROUND);
        assertThat(delivered).extracting(r -> r.path().asset()).containsOnly("tank-1", "tank-2", "tank-3");
        // From the second round on every record carries all three fields of its tank.
        List<AssetRecord> steady = delivered.subList(RECORDS_PER_ROUND, delivered.size());
        assertThat(steady).allSatisfy(r -> {
            assertThat(r.fields()).containsOnlyKeys("power", "energy", "temperature");
            // Normalized: raw tenths of a degree 200..269 scaled by 0.1, W to kW.
            assertThat(r.field("temperature").value().asDouble()).isBetween(20.0, 27.0);
            assertThat(r.field("power").unit()).isEqualTo("kW");
            assertThat(r.field("power").value().asDouble()).isBetween(1.0, 3.2);
            assertThat(r.field("energy").unit()).isEqualTo("kWh");
            // Enriched by the static provider and the warm MES cache.
            assertThat(r.context()).containsKeys("chemical", "capacityM3", "batchId", "product", "workOrder");
            assertThat(r.context().get("batchId").value()).isEqualTo("B-" + r.path().asset());
        });
    }
}
