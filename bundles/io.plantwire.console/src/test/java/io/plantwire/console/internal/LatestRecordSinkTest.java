package io.plantwire.console.internal;

import static io.plantwire.console.internal.Records.T0;
import static io.plantwire.console.internal.Records.good;
import static io.plantwire.console.internal.Records.tank;
import static io.plantwire.console.internal.Records.tankRecord;
import static org.assertj.core.api.Assertions.assertThat;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.ContextValue;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Value;
import io.plantwire.api.stage.SinkStatus;
import io.plantwire.test.support.Unreachable;

import java.lang.ref.WeakReference;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class LatestRecordSinkTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:30:00Z"), ZoneOffset.UTC);

    private static LatestRecordSink sink(int maxAssets, int trendPoints, int trendFields) {
        return new LatestRecordSink(new ConsoleSettings(maxAssets, trendPoints, trendFields, 2000, 0), CLOCK);
    }

    @Test
    void keepsTheLatestRecordOfEveryAssetSortedByPath() {
        LatestRecordSink sink = sink(10, 300, 32);
        sink.accept(tankRecord(2, 0, 10.0, 20.0));
        sink.accept(tankRecord(1, 0, 11.0, 21.0));
        sink.accept(tankRecord(1, 1, 12.0, 22.0));

        List<AssetView> assets = sink.assets();
        assertThat(assets).extracting(a -> a.path().asset()).containsExactly("tank-1", "tank-2");
        AssetView tank1 = assets.get(0);
        assertThat(tank1.updates()).isEqualTo(2);
        assertThat(tank1.timestamp()).isEqualTo(T0.plusSeconds(1));
        assertThat(tank1.receivedAt()).isEqualTo(CLOCK.instant());
        assertThat(tank1.fields()).extracting(AssetView.FieldView::name).containsExactly("power", "temperature");
        assertThat(tank1.fields().get(0).value().value().asDouble()).isEqualTo(12.0);
        assertThat(tank1.fields().get(0).trend().values()).containsExactly(11f, 12f);
    }

    @Test
    void keepsNoRecordAliveButShowsItsValuesAndContext() {
        LatestRecordSink sink = sink(10, 300, 32);
        // a record kept until the asset's next one would outlive the young generation under load
        Unreachable.awaitCollected(offered(sink), "the latest record of tank-1");
        AssetView tank1 = sink.assets().get(0);
        assertThat(tank1.fields()).extracting(f -> f.value().value().asDouble()).containsExactly(13.0, 23.0);
        assertThat(tank1.fields().get(1).value().unit()).isEqualTo("Cel");
        assertThat(tank1.context()).containsKey("batch");
        assertThat(tank1.timestamp()).isEqualTo(T0.plusSeconds(3));
    }

    private static WeakReference<AssetRecord> offered(LatestRecordSink sink) {
        AssetRecord r = tankRecord(1, 3, 13.0, 23.0).withContext("batch", ContextValue.of("B-7", T0));
        sink.accept(r);
        return new WeakReference<>(r);
    }

    @Test
    void aFieldRepeatedWithTheSameSourceTimeIsOnePoint() {
        LatestRecordSink sink = sink(10, 300, 32);
        // The mapper re-emits the unchanged temperature with every power update.
        Instant tempTime = T0;
        for (int s = 0; s < 5; s++) {
            Instant at = T0.plusSeconds(s);
            sink.accept(AssetRecord.builder(tank(1), "ChemicalTank", at)
                    .field("power", good(s, "kW", at))
                    .field("temperature", good(20.5, "Cel", tempTime))
                    .build());
        }
        AssetView tank = sink.assets().get(0);
        assertThat(tank.fields().get(0).trend().values()).hasSize(5);
        assertThat(tank.fields().get(1).trend().values()).containsExactly(20.5f);
    }

    @Test
    void trendTakesOnePointPerSpacingOfEachFieldWhileTheLatestValueFollowsEverySample() {
        LatestRecordSink sink = new LatestRecordSink(new ConsoleSettings(10, 300, 32, 2000, 250), CLOCK);
        // power polled every 20 ms for one second; temperature from another device once a second, 100 ms after a
        // power sample: a spacing per asset would never let it into the trend
        for (int i = 0; i < 50; i++) {
            Instant at = T0.plusMillis(20L * i);
            Instant temperatureAt = i < 5 ? T0.plusMillis(100) : T0.plusMillis(1100);
            sink.accept(AssetRecord.builder(tank(1), "ChemicalTank", at)
                    .field("power", good(i, "kW", at))
                    .field("temperature", good(i < 5 ? 20.0 : 21.0, "Cel", temperatureAt))
                    .build());
        }
        AssetView tank = sink.assets().get(0);
        assertThat(tank.updates()).isEqualTo(50);
        assertThat(tank.fields().get(0).value().value().asDouble()).isEqualTo(49.0);
        // samples 0, 13, 26, 39 (every 260 ms: the first at least 250 ms after the last point)
        assertThat(tank.fields().get(0).trend().values()).containsExactly(0f, 13f, 26f, 39f);
        assertThat(tank.fields().get(1).trend().values()).containsExactly(20f, 21f);
    }

    @Test
    void badSamplesAreGapsInTheTrendAndStringsHaveNoTrend() {
        LatestRecordSink sink = sink(10, 300, 32);
        sink.accept(tankRecord(1, 0, 10.0, 20.0));
        Instant at = T0.plusSeconds(1);
        sink.accept(AssetRecord.builder(tank(1), "ChemicalTank", at)
                .field("power", new FieldValue(Value.of(0.0), "kW",
                        Quality.bad(Quality.Reason.TIMEOUT, "no answer in 1000 ms"), at))
                .field("status", new FieldValue(Value.of("FILLING"), "", Quality.GOOD, at))
                .field("agitator", new FieldValue(Value.TRUE, "", Quality.GOOD, at))
                .build());
        AssetView tank = sink.assets().get(0);
        assertThat(tank.fields()).extracting(AssetView.FieldView::name).containsExactly("power", "status", "agitator");
        assertThat(tank.fields().get(0).trend().values()).hasSize(2);
        assertThat(tank.fields().get(0).trend().values()[1]).isNaN();
        assertThat(tank.fields().get(0).value().quality().reason()).isEqualTo(Quality.Reason.TIMEOUT);
        assertThat(tank.fields().get(1).trend()).isNull();
        assertThat(tank.fields().get(2).trend().values()).containsExactly(1f);
    }

    @Test
    void trendsAreLimitedPerFieldAndPerAsset() {
        LatestRecordSink sink = sink(10, 4, 1);
        for (int s = 0; s < 10; s++) {
            sink.accept(tankRecord(1, s, s, 100 + s));
        }
        AssetView tank = sink.assets().get(0);
        assertThat(tank.fields().get(0).trend().values()).containsExactly(6f, 7f, 8f, 9f);
        assertThat(tank.fields().get(1).trend()).isNull();
        assertThat(tank.fields().get(1).value().value().asDouble()).isEqualTo(109.0);
    }

    @Test
    void assetsBeyondTheLimitAreCountedAsDroppedNotShown() {
        LatestRecordSink sink = sink(2, 300, 32);
        sink.accept(tankRecord(1, 0, 1, 1));
        sink.accept(tankRecord(2, 0, 1, 1));
        sink.accept(tankRecord(3, 0, 1, 1));
        sink.accept(tankRecord(3, 1, 1, 1));
        sink.accept(tankRecord(1, 1, 2, 2));

        assertThat(sink.assets()).extracting(a -> a.path().asset()).containsExactly("tank-1", "tank-2");
        SinkStatus status = sink.status();
        assertThat(status.connected()).isTrue();
        assertThat(status.backlog()).isZero();
        assertThat(status.delivered()).isEqualTo(3);
        assertThat(status.dropped()).isEqualTo(2);
        assertThat(status.lastError()).contains("max.assets=2");
        assertThat(status.lastDelivery()).isEqualTo(CLOCK.instant());
    }

    @Test
    void smallerLimitsDropTheNewestAssetsAndTrimTrends() {
        LatestRecordSink sink = sink(5, 10, 32);
        for (int n = 5; n >= 1; n--) { // tank-5 is seen first
            for (int s = 0; s < 8; s++) {
                sink.accept(tankRecord(n, s, s, s));
            }
        }
        sink.modified(config(2, 3, 1, 2000, 0));
        assertThat(sink.assets()).extracting(a -> a.path().asset()).containsExactly("tank-4", "tank-5");
        AssetView tank5 = sink.assets().get(1);
        assertThat(tank5.fields().get(0).trend().values()).containsExactly(5f, 6f, 7f);
        assertThat(tank5.fields().get(1).trend()).isNull();
        // Still full: another asset is refused, not swapped in.
        sink.accept(tankRecord(1, 9, 9, 9));
        assertThat(sink.assets()).hasSize(2);
    }

    @Test
    void contextIsKeptWithItsStaleMark() {
        LatestRecordSink sink = sink(5, 10, 32);
        sink.accept(tankRecord(1, 0, 1, 1)
                .withContext("batch", new ContextValue("B-4711", T0, true))
                .withContext("product", ContextValue.of("caustic soda", T0)));
        AssetView tank = sink.assets().get(0);
        assertThat(tank.context().get("batch").stale()).isTrue();
        assertThat(tank.context().get("product").stale()).isFalse();
    }

    @Test
    void concurrentAssetsAreCountedExactlyAndNeverExceedTheLimit() throws Exception {
        LatestRecordSink sink = sink(50, 300, 32);
        int threads = 4;
        int assetsPerThread = 20;
        int records = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * assetsPerThread;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < records; i++) {
                        sink.accept(tankRecord(base + i % assetsPerThread, i, i, i));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        SinkStatus status = sink.status();
        assertThat(sink.assets()).hasSize(50);
        assertThat(status.delivered() + status.dropped()).isEqualTo((long) threads * records);
        // 80 assets, 25 records each; 50 kept.
        assertThat(status.delivered()).isEqualTo(50L * 25);
    }

    static ConsoleConfig config(int maxAssets, int trendPoints, int trendFields, int refreshMs) {
        return config(maxAssets, trendPoints, trendFields, refreshMs, ConsoleSettings.DEFAULT_TREND_SPACING_MS);
    }

    static ConsoleConfig config(int maxAssets, int trendPoints, int trendFields, int refreshMs, int spacingMs) {
        return new ConsoleConfig() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return ConsoleConfig.class;
            }

            @Override
            public int max_assets() {
                return maxAssets;
            }

            @Override
            public int trend_points() {
                return trendPoints;
            }

            @Override
            public int trend_fields_per_asset() {
                return trendFields;
            }

            @Override
            public int refresh_interval_ms() {
                return refreshMs;
            }

            @Override
            public int trend_spacing_ms() {
                return spacingMs;
            }
        };
    }
}
