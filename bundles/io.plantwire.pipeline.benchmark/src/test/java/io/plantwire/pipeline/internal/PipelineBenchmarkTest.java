package io.plantwire.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Value;

/**
 * The benchmark's states driven by hand (not through JMH): every submitted reading must come out at the sink as a
 * record with all its points, or the score would count work that never happened (a held reading also returns true).
 */
class PipelineBenchmarkTest {

    private static final int INVOCATIONS = 300;

    private final List<AssetRecord> sunk = new ArrayList<>();
    private final PipelineBenchmark.Gateway gateway = new PipelineBenchmark.Gateway();

    @AfterEach
    void stop() {
        gateway.stop();
    }

    @Test
    void everyInvocationDeliversAllItsPointsToTheSink() {
        gateway.start(sunk::add);
        PipelineBenchmark.Device device = new PipelineBenchmark.Device();
        device.build(gateway);
        PipelineBenchmark benchmark = new PipelineBenchmark();

        for (int i = 0; i < INVOCATIONS; i++) {
            assertThat(benchmark.submit(gateway, device)).isTrue();
        }

        assertThat(sunk).hasSize(INVOCATIONS);
        assertThat(sunk.stream().mapToInt(r -> r.fields().size()).sum())
                .isEqualTo(INVOCATIONS * PipelineBenchmark.POINTS);
        AssetRecord last = sunk.get(INVOCATIONS - 1);
        assertThat(last.path().toString()).endsWith("tank-1");
        FieldValue p3 = last.fields().get("p3");
        assertThat(p3).isNotNull();
        assertThat(p3.value()).isEqualTo(Value.of(4.5));
    }

    @Test
    void eachDeviceThreadFeedsItsOwnTank() {
        gateway.start(sunk::add);
        PipelineBenchmark.Device first = new PipelineBenchmark.Device();
        first.build(gateway);
        PipelineBenchmark.Device second = new PipelineBenchmark.Device();
        second.build(gateway);
        PipelineBenchmark benchmark = new PipelineBenchmark();

        benchmark.submit(gateway, first);
        benchmark.submit(gateway, second);

        assertThat(sunk).extracting(r -> r.path().toString())
                .containsExactly("acme/rotterdam/tankfarm/line-1/cell-a/tank-1",
                        "acme/rotterdam/tankfarm/line-1/cell-a/tank-2");
    }
}
