package io.plantwire.pipeline.internal;

import java.lang.annotation.Annotation;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

import io.plantwire.api.model.DeviceReading;
import io.plantwire.api.model.PointSample;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Value;
import io.plantwire.api.pipeline.PipelineStatus;

/**
 * Harness (not JMH: it measures memory, not time): fills the pipeline's hold buffer to its byte bound while a
 * required stage is absent, then reports the heap the held readings really take (heap used after full GCs, minus
 * the same before filling) next to the bound and the pipeline's own estimate.
 *
 * <pre>
 * java -Xmx128m -XX:+UseSerialGC -cp bundles/io.plantwire.pipeline.benchmark/target/benchmarks.jar \
 *     io.plantwire.pipeline.internal.HoldBufferMemory [holdMaxBytes] [holdCapacity] [meter|text]
 * </pre>
 *
 * Shapes: {@code meter} is what the Modbus driver submits for a power meter (10 floating points, names and units
 * shared with its point map, one timestamp per request); {@code text} is a worst case (10 points each with its own
 * 40-character string value and a BAD quality with a 40-character detail).
 */
public final class HoldBufferMemory {

    private HoldBufferMemory() {
    }

    public static void main(String[] args) {
        long maxBytes = args.length > 0 ? Long.parseLong(args[0]) : 32L << 20;
        int capacity = args.length > 1 ? Integer.parseInt(args[1]) : 10_000_000;
        String shape = args.length > 2 ? args[2] : "meter";

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        Pipeline pipeline = new Pipeline(config(maxBytes, capacity));
        pipeline.addMapper((reading, out) -> { }, Map.of("service.id", 1L));
        long before = usedAfterGc(memory);

        String[] names = new String[10];
        String[] units = new String[10];
        for (int i = 0; i < 10; i++) {
            names[i] = "point" + i;
            units[i] = i % 2 == 0 ? "kW" : "V";
        }
        long seq = 0;
        while (true) {
            PipelineStatus s = pipeline.status();
            if (s.overflowDropped() > 0 || s.overflowRejected() > 0) {
                break; // full: the next reading cost an older one
            }
            pipeline.submit(reading(shape, seq++, names, units));
        }
        long after = usedAfterGc(memory);
        PipelineStatus s = pipeline.status();
        long measured = after - before;
        System.out.printf(Locale.ROOT, "shape %s, holdMaxBytes %d (%.1f MiB), holdCapacity %d%n", shape, maxBytes,
                mib(maxBytes), capacity);
        System.out.printf(Locale.ROOT, "held %d readings, estimated %d bytes (%.1f MiB, %.0f bytes/reading)%n",
                s.held(), s.heldBytes(), mib(s.heldBytes()), (double) s.heldBytes() / s.held());
        System.out.printf(Locale.ROOT, "heap used after GC: %.1f MiB before, %.1f MiB full -> held readings take "
                + "%.1f MiB (%.0f bytes/reading), %.0f%% of the bound; max heap %.1f MiB%n", mib(before), mib(after),
                mib(measured), (double) measured / s.held(), 100.0 * measured / maxBytes,
                mib(memory.getHeapMemoryUsage().getMax()));
        pipeline.deactivate();
    }

    private static DeviceReading reading(String shape, long seq, String[] names, String[] units) {
        Instant at = Instant.ofEpochMilli(1_700_000_000_000L + seq);
        DeviceReading.Builder b = DeviceReading.builder("meter-1", at);
        for (int i = 0; i < names.length; i++) {
            if (shape.equals("text")) {
                String v = String.format(Locale.ROOT, "%040d", seq * 10 + i);
                String detail = String.format(Locale.ROOT, "timeout on request %032d", seq * 10 + i);
                b.point(names[i], new PointSample(Value.of(v), Quality.bad(Quality.Reason.TIMEOUT, detail), at,
                        units[i]));
            } else {
                b.point(names[i], new PointSample(Value.of(seq * 0.5 + i), Quality.GOOD, at, units[i]));
            }
        }
        return b.build();
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static PipelineConfig config(long maxBytes, int capacity) {
        return new PipelineConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return PipelineConfig.class;
            }

            @Override
            public String[] requiredStages() {
                return new String[] {"absent-stage"};
            }

            @Override
            public int holdCapacity() {
                return capacity;
            }

            @Override
            public long holdMaxBytes() {
                return maxBytes;
            }

            @Override
            public long absentStagesWarnDelayMs() {
                return 30_000;
            }

            @Override
            public String overflowPolicy() {
                return "DROP_OLDEST";
            }
        };
    }
}
