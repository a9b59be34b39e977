package io.plantwire.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.DeviceReading;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Isa95Path;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Value;
import io.plantwire.api.pipeline.StageCounters;
import io.plantwire.api.pipeline.StageTimeHistogram;
import io.plantwire.api.stage.Mapper;
import io.plantwire.api.stage.Normalizer;
import io.plantwire.api.stage.Sink;
import io.plantwire.api.stage.SinkRejectedException;
import io.plantwire.api.stage.StageProperties;
import io.plantwire.test.support.Await;

class PipelineTest extends PipelineTestBase {

    static final Isa95Path TANK_2 = Isa95Path.parse("acme/rotterdam/tankfarm/line-1/cell-a/tank-2");

    static PipelineConfig config(String policy, int capacity, String... required) {
        return config(policy, capacity, 32L << 20, required);
    }

    static PipelineConfig config(String policy, int capacity, long maxBytes, String... required) {
        return config(policy, capacity, maxBytes, 30_000, required);
    }

    static PipelineConfig config(String policy, int capacity, long maxBytes, long warnDelayMs, String... required) {
        return new PipelineConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return PipelineConfig.class;
            }

            @Override
            public String[] requiredStages() {
                return required;
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
                return warnDelayMs;
            }

            @Override
            public String overflowPolicy() {
                return policy;
            }
        };
    }

    static DeviceReading reading(String device, String point, long seq) {
        return DeviceReading.builder(device, Instant.ofEpochMilli(seq)).point(point, Value.of(seq)).build();
    }

    /** Keeps the latest fields of tank-2 and emits the whole record under the asset's lock, as the SPI asks. */
    static final class TankTwoMapper implements Mapper {
        private final Map<String, FieldValue> latest = new ConcurrentHashMap<>();

        @Override
        public void map(DeviceReading reading, Consumer<AssetRecord> out) {
            synchronized (this) {
                reading.points().forEach((name, s) -> latest.put(reading.deviceId() + "." + name,
                        FieldValue.from(s, "")));
                out.accept(AssetRecord.of(TANK_2, "ChemicalTank", reading.readTime(), Map.copyOf(latest)));
            }
        }
    }

    static final class Collecting implements Sink {
        final List<AssetRecord> records = new CopyOnWriteArrayList<>();

        @Override
        public void accept(AssetRecord record) {
            records.add(record);
        }
    }

    @Test
    void recordsOfOneAssetFedByTwoDevicesReachTheSinkInTheOrderTheMapperEmittedThem() throws Exception {
        Pipeline p = pipeline(config("DROP_OLDEST", 100, new String[0]));
        AtomicLong emitted = new AtomicLong();
        List<Long> emissionOrder = new CopyOnWriteArrayList<>();
        Mapper mapper = (reading, out) -> {
            synchronized (emitted) {
                long n = emitted.incrementAndGet();
                emissionOrder.add(n);
                out.accept(AssetRecord.of(TANK_2, "ChemicalTank", reading.readTime(),
                        Map.of("n", new FieldValue(Value.of(n), "", Quality.GOOD, reading.readTime()))));
            }
        };
        Collecting sink = new Collecting();
        p.addMapper(mapper, props());
        p.addSink(sink, props());

        CountDownLatch go = new CountDownLatch(1);
        Thread meter = new Thread(() -> feed(p, go, "meter-2", "activePower"));
        Thread thermo = new Thread(() -> feed(p, go, "temperature-reader", "tank2Temperature"));
        meter.start();
        thermo.start();
        go.countDown();
        meter.join();
        thermo.join();

        long[] seen = sink.records.stream().mapToLong(r -> r.field("n").value().asLong()).toArray();
        assertThat(seen).containsExactly(LongStream.rangeClosed(1, 20_000).toArray());
    }

    private static void feed(Pipeline p, CountDownLatch go, String device, String point) {
        try {
            go.await();
        } catch (InterruptedException e) {
            return;
        }
        for (long i = 1; i <= 10_000; i++) {
            p.submit(reading(device, point, i));
        }
    }

    @Test
    void readingsOfOneDeviceAreProcessedInOrderThroughARealisticMapper() {
        Pipeline p = pipeline(config("DROP_OLDEST", 100));
        Collecting sink = new Collecting();
        p.addMapper(new TankTwoMapper(), props());
        p.addSink(sink, props());
        for (long i = 1; i <= 1000; i++) {
            p.submit(reading("meter-2", "activePower", i));
        }
        assertThat(sink.records).extracting(r -> r.field("meter-2.activePower").value().asLong())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 1000).boxed().toList());
    }

    @Test
    void dropOldestOverflowKeepsTheNewestAndCountsEveryDrop() {
        Pipeline p = pipeline(config("DROP_OLDEST", 50, "uns"));
        Collecting sink = new Collecting();
        p.addMapper(new TankTwoMapper(), props());
        for (long i = 1; i <= 80; i++) {
            assertThat(p.submit(reading("meter-2", "activePower", i))).isTrue();
        }
        assertThat(p.status().held()).isEqualTo(50);
        assertThat(p.status().overflowDropped()).isEqualTo(30);
        assertThat(p.stages()).filteredOn(s -> s.name().equals("uns")).isEmpty();

        p.addSink(sink, props(StageProperties.STAGE_NAME, "uns"));
        Await.until("50 records at the sink", () -> sink.records.size() == 50);
        assertThat(sink.records).extracting(r -> r.field("meter-2.activePower").value().asLong())
                .containsExactlyElementsOf(LongStream.rangeClosed(31, 80).boxed().toList());
        assertThat(p.status().readingsIn()).isEqualTo(80);
        assertThat(p.status().readingsProcessed()).isEqualTo(50);
    }

    @Test
    void newReadingsQueueBehindHeldOnesUntilTheBufferIsEmpty() throws Exception {
        Pipeline p = pipeline(config("DROP_OLDEST", 100_000, "rules"));
        Collecting sink = new Collecting();
        p.addMapper(new TankTwoMapper(), props());
        p.addSink(sink, props());
        for (long i = 1; i <= 20_000; i++) {
            p.submit(reading("meter-2", "activePower", i));
        }
        Thread driver = new Thread(() -> {
            for (long i = 20_001; i <= 40_000; i++) {
                p.submit(reading("meter-2", "activePower", i));
            }
        });
        p.addNormalizer(r -> r, props(StageProperties.STAGE_NAME, "rules"));
        driver.start(); // races with the release of the first 20,000
        driver.join();
        Await.until("40,000 records at the sink", () -> sink.records.size() == 40_000);
        assertThat(sink.records).extracting(r -> r.field("meter-2.activePower").value().asLong())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 40_000).boxed().toList());
    }

    @Test
    void aNormalizerThatThrowsStopsThatRecordAndIsCountedButOthersFlow() {
        Pipeline p = pipeline(config("DROP_OLDEST", 100));
        Collecting sink = new Collecting();
        p.addMapper(new TankTwoMapper(), props());
        p.addNormalizer(r -> {
            if (r.field("meter-2.activePower").value().asLong() % 2 == 0) {
                throw new IllegalStateException("even values upset this rule");
            }
            return r;
        }, props(StageProperties.STAGE_NAME, "picky"));
        p.addSink(sink, props());
        for (long i = 1; i <= 10; i++) {
            p.submit(reading("meter-2", "activePower", i));
        }
        assertThat(sink.records).hasSize(5);
        StageCounters picky = p.stages().stream().filter(s -> s.name().equals("picky")).findFirst().orElseThrow();
        assertThat(picky.in()).isEqualTo(10);
        assertThat(picky.failed()).isEqualTo(5);
        assertThat(picky.out()).isEqualTo(5);
    }

    @Test
    void everyItemAStageTookIsTimedInABucket() {
        Pipeline p = pipeline(config("DROP_OLDEST", 100));
        Collecting sink = new Collecting();
        p.addMapper(new TankTwoMapper(), props(StageProperties.STAGE_NAME, "tank-2-map"));
        p.addNormalizer(r -> {
            // A rule that takes a while, so its items land well above the first bucket.
            long until = System.nanoTime() + 3_000_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            return r;
        }, props(StageProperties.STAGE_NAME, "slow"));
        p.addSink(sink, props(StageProperties.STAGE_NAME, "collect"));
        for (long i = 1; i <= 4; i++) {
            p.submit(reading("meter-2", "activePower", i));
        }
        for (StageCounters s : p.stages()) {
            assertThat(s.itemTimes().totalCount()).as(s.name()).isEqualTo(s.in());
        }
        StageCounters slow = p.stages().stream().filter(s -> s.name().equals("slow")).findFirst().orElseThrow();
        int threeMs = StageTimeHistogram.bucketOf(3_000_000);
        long atLeastThreeMs = 0;
        for (int i = threeMs; i < StageTimeHistogram.BUCKETS; i++) {
            atLeastThreeMs += slow.itemTimes().count(i);
        }
        assertThat(atLeastThreeMs).isEqualTo(4);
        assertThat(slow.processingNanos()).isGreaterThanOrEqualTo(4 * 3_000_000L);
    }

    @Test
    void aNormalizerReturningNullOrNoFieldsFiltersOnPurpose() {
        Pipeline p = pipeline(config("DROP_OLDEST", 100));
        Collecting sink = new Collecting();
        p.addMapper(new TankTwoMapper(), props());
        Normalizer dropAll = r -> r.withoutField("meter-2.activePower");
        p.addNormalizer(dropAll, props(StageProperties.STAGE_NAME, "deadband"));
        p.addSink(sink, props());
        p.submit(reading("meter-2", "activePower", 1));
        assertThat(sink.records).isEmpty();
        assertThat(p.stages()).filteredOn(s -> s.name().equals("deadband")).singleElement()
                .satisfies(s -> assertThat(s.filtered()).isEqualTo(1));
    }

    @Test
    void aRejectingSinkIsCountedAndTheOtherSinksStillGetTheRecord() {
        Pipeline p = pipeline(config("DROP_OLDEST", 100));
        Collecting good = new Collecting();
        p.addMapper(new TankTwoMapper(), props());
        p.addSink(r -> {
            throw new SinkRejectedException("queue full");
        }, props(StageProperties.STAGE_NAME, "full"));
        p.addSink(good, props(StageProperties.STAGE_NAME, "good"));
        p.submit(reading("meter-2", "activePower", 1));
        assertThat(good.records).hasSize(1);
        assertThat(p.stages()).filteredOn(s -> s.name().equals("full")).singleElement()
                .satisfies(s -> assertThat(s.failed()).isEqualTo(1));
    }

    @Test
    void recordsNoSinkSelectsAreCountedAsUnrouted() {
        Pipeline p = pipeline(config("DROP_OLDEST", 100));
        p.addMapper(new TankTwoMapper(), props());
        p.addSink(new Collecting(), props(StageProperties.ASSET_SELECTOR, "**/pump-*"));
        p.submit(reading("meter-2", "activePower", 1));
        assertThat(p.status().unrouted()).isEqualTo(1);
        assertThat(p.status().recordsOut()).isZero();
    }

    @Test
    void mappersOnlySeeTheDevicesTheySelect() {
        Pipeline p = pipeline(config("DROP_OLDEST", 100));
        Collecting sink = new Collecting();
        p.addMapper(new TankTwoMapper(), props(StageProperties.DEVICE_SELECTOR, new String[] {"meter-*"}));
        p.addSink(sink, props());
        p.submit(reading("temperature-reader", "tank2Temperature", 1));
        p.submit(reading("meter-2", "activePower", 2));
        assertThat(sink.records).hasSize(1);
    }

    @Test
    void aStageWithAnInvalidSelectorCountsAsAbsentSoARequiredOneHoldsRecords() {
        Pipeline p = pipeline(config("DROP_OLDEST", 100, "rules"));
        Collecting sink = new Collecting();
        p.addMapper(new TankTwoMapper(), props());
        p.addSink(sink, props());
        p.addNormalizer(r -> r, props(StageProperties.STAGE_NAME, "rules", StageProperties.ASSET_SELECTOR, "acme//x"));
        p.submit(reading("meter-2", "activePower", 1));
        assertThat(sink.records).isEmpty();
        assertThat(p.status().missingRequiredStages()).containsExactly("rules");
        assertThat(p.status().held()).isEqualTo(1);
    }

    @Test
    void invalidConfigurationNamesTheFieldAndValue() {
        assertThatThrownBy(() -> new Pipeline(config("SOMETIMES", 10))).hasMessageContaining("overflowPolicy")
                .hasMessageContaining("'SOMETIMES'");
        assertThatThrownBy(() -> new Pipeline(config("DROP_OLDEST", 0))).hasMessageContaining("holdCapacity")
                .hasMessageContaining("'0'");
        assertThatThrownBy(() -> new Pipeline(config("DROP_OLDEST", 10, 1000L))).hasMessageContaining("holdMaxBytes")
                .hasMessageContaining("'1000'");
    }

    @Test
    void theByteBoundFillsFirstForLargeReadingsAndDropOldestCountsEveryDrop() {
        Pipeline p = pipeline(config("DROP_OLDEST", 100_000, 65_536, "uns"));
        Collecting sink = new Collecting();
        p.addMapper(new TankTwoMapper(), props());
        long perReading = ReadingSize.of(wideReading(1));
        long fits = 65_536 / perReading;
        for (long i = 1; i <= fits + 25; i++) {
            assertThat(p.submit(wideReading(i))).isTrue();
        }
        assertThat(p.status().held()).isEqualTo(fits);
        assertThat(p.status().heldBytes()).isEqualTo(fits * perReading).isLessThanOrEqualTo(65_536);
        assertThat(p.status().holdMaxBytes()).isEqualTo(65_536);
        assertThat(p.status().overflowDropped()).isEqualTo(25);
        assertThat(p.status().overflowRejected()).isZero();

        p.addSink(sink, props(StageProperties.STAGE_NAME, "uns"));
        Await.until("the held records that fit released to the sink", () -> sink.records.size() == fits);
        assertThat(sink.records).extracting(r -> r.field("meter-2.p0").value().asLong())
                .containsExactlyElementsOf(LongStream.rangeClosed(26, fits + 25).boxed().toList());
        assertThat(p.status().heldBytes()).isZero();
    }

    @Test
    void rejectNewAtTheByteBoundRefusesAndCountsAndKeepsWhatIsHeld() {
        Pipeline p = pipeline(config("REJECT_NEW", 100_000, 65_536, "uns"));
        p.addMapper(new TankTwoMapper(), props());
        long fits = 65_536 / ReadingSize.of(wideReading(1));
        for (long i = 1; i <= fits; i++) {
            assertThat(p.submit(wideReading(i))).isTrue();
        }
        assertThat(p.submit(wideReading(fits + 1))).isFalse();
        assertThat(p.submit(wideReading(fits + 2))).isFalse();
        assertThat(p.status().held()).isEqualTo(fits);
        assertThat(p.status().overflowRejected()).isEqualTo(2);
        assertThat(p.status().overflowDropped()).isZero();
    }

    @Test
    void aReadingLargerThanTheWholeByteBoundIsRefusedEvenUnderDropOldest() {
        Pipeline p = pipeline(config("DROP_OLDEST", 100_000, 65_536, "uns"));
        p.addMapper(new TankTwoMapper(), props());
        assertThat(p.submit(wideReading(1))).isTrue();
        DeviceReading huge = DeviceReading.builder("meter-2", Instant.EPOCH)
                .point("label", Value.of("x".repeat(70_000))).build();
        assertThat(p.submit(huge)).isFalse();
        assertThat(p.status().held()).as("what was held stays held").isEqualTo(1);
        assertThat(p.status().overflowRejected()).isEqualTo(1);
        assertThat(p.status().overflowDropped()).isZero();
    }

    /** A reading of 50 floating points p0..p49, all carrying the sequence number. */
    static DeviceReading wideReading(long seq) {
        DeviceReading.Builder b = DeviceReading.builder("meter-2", Instant.ofEpochMilli(seq));
        for (int i = 0; i < 50; i++) {
            b.point("p" + i, Value.of(seq));
        }
        return b.build();
    }

    @Test
    void deactivateStopsTheReleaseThread() {
        Pipeline p = new Pipeline(config("DROP_OLDEST", 10, "x"));
        p.addMapper(new TankTwoMapper(), props());
        p.submit(reading("meter-2", "activePower", 1));
        p.addSink(new Collecting(), props(StageProperties.STAGE_NAME, "x"));
        p.deactivate();
        Await.until("the release thread ended", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("plantwire-pipeline-release") && t.isAlive()));
    }
}
