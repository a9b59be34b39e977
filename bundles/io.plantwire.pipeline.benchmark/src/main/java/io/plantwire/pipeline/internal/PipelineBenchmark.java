package io.plantwire.pipeline.internal;

import java.lang.annotation.Annotation;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.DeviceReading;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Isa95Path;
import io.plantwire.api.model.Value;
import io.plantwire.api.stage.Sink;
import io.plantwire.api.stage.StageProperties;

/**
 * Points per second through the pipeline core: map -> normalize -> context -> no-op sink, with trivial stages,
 * two driver threads (one device each, each feeding its own tank), ten points per reading.
 *
 * <p>Run: {@code java -jar bundles/io.plantwire.pipeline.benchmark/target/benchmarks.jar PipelineBenchmark}.
 * The score is points per second (one operation = one point).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(2)
public class PipelineBenchmark {

    static final int POINTS = 10;

    @State(Scope.Benchmark)
    public static class Gateway {
        Pipeline pipeline;
        volatile Blackhole sinkHole;
        final AtomicInteger devices = new AtomicInteger();

        @Setup(Level.Trial)
        public void start(Blackhole bh) {
            sinkHole = bh;
            start(r -> sinkHole.consume(r));
        }

        /** The wiring with the sink given, so a test can see what reaches the sink (the Blackhole hides it). */
        void start(Sink sink) {
            pipeline = new Pipeline(new PipelineConfig() {
                @Override
                public Class<? extends Annotation> annotationType() {
                    return PipelineConfig.class;
                }

                @Override
                public String[] requiredStages() {
                    return new String[] {"mapper", "normalizer", "context", "sink"};
                }

                @Override
                public int holdCapacity() {
                    return 1000;
                }

                @Override
                public long holdMaxBytes() {
                    return 32L << 20;
                }

                @Override
                public long absentStagesWarnDelayMs() {
                    return 30_000;
                }

                @Override
                public String overflowPolicy() {
                    return "DROP_OLDEST";
                }
            });
            long id = 1;
            pipeline.addMapper((reading, out) -> {
                // One tank per device; each point becomes a field (the work a real mapper does).
                AssetRecord.Builder b = AssetRecord.builder(tankOf(reading.deviceId()), "ChemicalTank",
                        reading.readTime());
                reading.points().forEach((name, sample) -> b.field(name, FieldValue.from(sample, "")));
                out.accept(b.build());
            }, props(id++, "mapper"));
            pipeline.addNormalizer(r -> r, props(id++, "normalizer"));
            pipeline.addContextProvider(r -> r, props(id++, "context"));
            pipeline.addSink(sink, props(id++, "sink"));
        }

        @TearDown(Level.Trial)
        public void stop() {
            pipeline.deactivate();
        }

        private static final Map<String, Isa95Path> TANKS = new java.util.concurrent.ConcurrentHashMap<>();

        static Isa95Path tankOf(String deviceId) {
            return TANKS.computeIfAbsent(deviceId,
                    d -> Isa95Path.parse("acme/rotterdam/tankfarm/line-1/cell-a/tank-" + d.substring(d.indexOf('-') + 1)));
        }

        private static Map<String, Object> props(long id, String name) {
            Map<String, Object> m = new HashMap<>();
            m.put("service.id", id);
            m.put(StageProperties.STAGE_NAME, name);
            return m;
        }
    }

    @State(Scope.Thread)
    public static class Device {
        DeviceReading reading;

        @Setup(Level.Trial)
        public void build(Gateway gateway) {
            DeviceReading.Builder b = DeviceReading.builder("meter-" + gateway.devices.incrementAndGet(),
                    Instant.parse("2026-11-25T10:00:00Z"));
            for (int i = 0; i < POINTS; i++) {
                b.point("p" + i, Value.of(i * 1.5));
            }
            reading = b.build();
        }
    }

    @Benchmark
    @OperationsPerInvocation(POINTS)
    public boolean submit(Gateway gateway, Device device) {
        return gateway.pipeline.submit(device.reading);
    }
}
