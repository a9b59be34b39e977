package io.plantwire.transform.benchmark;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

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
import io.plantwire.api.model.Isa95Path;
import io.plantwire.api.model.Value;
import io.plantwire.context.internal.ContextCache;
import io.plantwire.context.internal.StaticContext;
import io.plantwire.context.internal.StalePolicy;
import io.plantwire.mapper.internal.AssetMap;
import io.plantwire.mapper.internal.EmissionPolicy;
import io.plantwire.normalizer.internal.RuleSet;

/**
 * Points per second through mapper -> normalizer -> context with the reference scenario's configuration, stages
 * called directly (no pipeline, no sink). One operation is one poll round of the four devices: meter-1..3 with
 * activePower and energy, and the temperature reader with the three tank temperatures: 9 points, 4 readings, each
 * reading offered to all three tank mappers as the pipeline does with default device selectors, 6 asset records
 * normalized and enriched by a static and a cached MES context provider.
 *
 * <p>Two threads, as two driver threads would be: the normalizer and context providers are shared, each thread
 * feeds its own three tanks (a device feeds one thread only, as in the gateway).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(2)
public class TransformBenchmark {

    static final int POINTS_PER_ROUND = 9;
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    /** What all driver threads share: the rule set and the context providers. */
    @State(Scope.Benchmark)
    public static class Shared {
        final AtomicInteger threads = new AtomicInteger();
        RuleSet tankRules;
        StaticContext tankFacts;
        ContextCache mes;

        @Setup(Level.Trial)
        public void setUp() {
            tankRules = RuleSet.parse(
                    "temperature linear 0.1 0",
                    "temperature range -20 150 BAD keep",
                    "power unit kW",
                    "energy unit kWh",
                    "* round 3");
            tankFacts = new StaticContext(Map.of("chemical", "sulphuric acid", "capacityM3", "50"), "**");
            // The MES provider's data-path half: a warm cache. Its lookups (here answered in memory) run on its
            // own thread and are not part of the data path.
            mes = new ContextCache("mes", (path, type) -> Map.of("batchId", "B-" + path.asset(), "product",
                    "H2SO4 96%", "workOrder", "4711"), Duration.ofSeconds(30), Duration.ofMinutes(5),
                    StalePolicy.KEEP_STALE, "", Duration.ofSeconds(1)); // the providers' default firstLookupWait
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            mes.close();
        }
    }

    /** One driver thread's devices and tanks. */
    @State(Scope.Thread)
    public static class Plant {
        AssetMap[] tanks;
        DeviceReading[][] rounds;
        int next;
        Blackhole bh;
        Consumer<AssetRecord> downstream;

        @Setup(Level.Trial)
        public void setUp(Shared shared) throws InterruptedException {
            int t = shared.threads.getAndIncrement();
            tanks = new AssetMap[3];
            for (int n = 1; n <= 3; n++) {
                tanks[n - 1] = AssetMap.of(
                        new Isa95Path("acme", "rotterdam", "tankfarm", "line-" + t, "cell-" + n, "tank-" + n),
                        "ChemicalTank", EmissionPolicy.ALL_LATEST,
                        "power=meter-" + t + "-" + n + "/activePower|W",
                        "energy=meter-" + t + "-" + n + "/energy|Wh",
                        "temperature=temperature-reader-" + t + "/tank" + n + "Temperature|Cel");
            }
            Random random = new Random(42 + t);
            rounds = new DeviceReading[1024][];
            for (int r = 0; r < rounds.length; r++) {
                DeviceReading[] round = new DeviceReading[4];
                for (int n = 1; n <= 3; n++) {
                    round[n - 1] = DeviceReading.builder("meter-" + t + "-" + n, T0)
                            .point("activePower", Value.of(1000.0 * n + random.nextDouble() * 100))
                            .point("energy", Value.of(500_000.0 * n + r)).build();
                }
                round[3] = DeviceReading.builder("temperature-reader-" + t, T0)
                        .point("tank1Temperature", Value.of(200L + random.nextInt(50)))
                        .point("tank2Temperature", Value.of(210L + random.nextInt(50)))
                        .point("tank3Temperature", Value.of(220L + random.nextInt(50))).build();
                rounds[r] = round;
            }
            downstream = record -> {
                AssetRecord normalized = shared.tankRules.apply(record);
                if (normalized != null) {
                    deliver(shared.mes.enrich(shared.tankFacts.enrich(normalized)));
                }
            };
            // Warm the MES cache for this thread's tanks, as a running gateway would have it.
            for (AssetMap tank : tanks) {
                AssetRecord probe = AssetRecord.builder(tank.path(), "ChemicalTank", T0).build();
                shared.mes.enrich(probe);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (shared.mes.enrich(probe).context().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
            }
        }

        /** Where the enriched record ends; a test overrides this to see it (JMH never does, so it inlines). */
        void deliver(AssetRecord enriched) {
            bh.consume(enriched);
        }
    }

    @Benchmark
    @OperationsPerInvocation(POINTS_PER_ROUND)
    public void pointsThroughMapNormalizeEnrich(Plant plant, Blackhole bh) {
        plant.bh = bh;
        DeviceReading[] round = plant.rounds[plant.next++ & 1023];
        AssetMap[] tanks = plant.tanks;
        for (DeviceReading reading : round) {
            for (AssetMap tank : tanks) {
                tank.map(reading, plant.downstream);
            }
        }
    }
}
