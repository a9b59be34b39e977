package io.plantwire.transform.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.jdbc.DataSourceFactory;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import io.plantwire.api.driver.ReadingIntake;
import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.DeviceReading;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Value;
import io.plantwire.api.pipeline.PipelineMetrics;
import io.plantwire.api.pipeline.StageCounters;
import io.plantwire.api.stage.ContextProvider;
import io.plantwire.api.stage.Sink;
import io.plantwire.api.stage.StageProperties;
import io.plantwire.test.support.Await;

/**
 * The reference scenario's transform half in Felix: readings of meter-1..3 and the shared temperature reader go
 * through the real pipeline into the real mapper, normalizer and context bundles, configured through Config Admin
 * exactly as a site would, and out to a sink the test registers.
 */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class TankScenarioInFrameworkTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final AtomicInteger CONFIG_GENERATION = new AtomicInteger();
    private static final String MES_PASSWORD = "mes-s3cret";
    private static final String[] CELLS = { "cell-a", "cell-b", "cell-c" };
    private static final String[] CHEMICALS = { "sulphuric acid", "caustic soda", "hydrochloric acid" };

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    ReadingIntake intake;

    @InjectService(timeout = 10_000)
    PipelineMetrics metrics;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin cm;

    private final List<Configuration> configurations = new ArrayList<>();
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (ServiceRegistration<?> r : registrations) {
            r.unregister();
        }
        for (Configuration c : configurations) {
            c.delete();
        }
    }

    private void factoryConfig(String factoryPid, String name, Object... props) throws Exception {
        Configuration c = cm.getFactoryConfiguration(factoryPid, name, "?");
        c.update(dict(props));
        configurations.add(c);
    }

    private void pipelineRequires(String stage) throws Exception {
        // A capacity no earlier test used, so the await below cannot pass on the previous test's configuration
        // while Config Admin is still delivering its deletion.
        int capacity = 100_000 + CONFIG_GENERATION.incrementAndGet();
        Configuration c = cm.getConfiguration("io.plantwire.pipeline", "?");
        c.update(dict("requiredStages", new String[] { stage }, "holdCapacity", capacity));
        configurations.add(c);
        Await.until("the pipeline has this test's configuration", () -> metrics.status().holdCapacity() == capacity);
    }

    private void awaitStagesPresent(String... names) {
        Await.until("stages present: " + String.join(", ", names), () -> {
            List<String> present = metrics.stages().stream().filter(StageCounters::present)
                    .map(StageCounters::name).toList();
            return present.containsAll(List.of(names));
        });
    }

    private static Dictionary<String, Object> dict(Object... props) {
        Dictionary<String, Object> d = new Hashtable<>();
        for (int i = 0; i < props.length; i += 2) {
            d.put((String) props[i], props[i + 1]);
        }
        return d;
    }

    /** The three tank asset maps: tank-N from meter-N and the shared temperature reader. */
    private void configureTanks() throws Exception {
        for (int n = 1; n <= 3; n++) {
            factoryConfig("io.plantwire.mapper.asset", "tank-" + n,
                    "enterprise", "acme", "site", "rotterdam", "area", "tankfarm", "line", "line-1",
                    "cell", CELLS[n - 1], "asset", "tank-" + n, "assetType", "ChemicalTank",
                    "fields", new String[] { "power=meter-" + n + "/activePower|W", "energy=meter-" + n + "/energy|Wh",
                            "temperature=temperature-reader/tank" + n + "Temperature|Cel" },
                    "plantwire.stage.name", "tank-" + n + "-map");
        }
        factoryConfig("io.plantwire.normalizer.rules", "tanks",
                "plantwire.stage.name", "tank-rules",
                "plantwire.stage.asset.selector", new String[] { "acme/rotterdam/tankfarm/**" },
                "rules", new String[] {
                        "temperature linear 0.1 0     # the reader sends tenths of a degree",
                        "temperature range -20 150 BAD keep",
                        "power unit kW",
                        "energy unit kWh",
                        "* round 3" });
    }

    private void configureStaticContext() throws Exception {
        for (int n = 1; n <= 3; n++) {
            factoryConfig("io.plantwire.context.static", "tank-" + n,
                    "plantwire.stage.asset.selector", new String[] { "acme/**/tank-" + n },
                    "attributes", new String[] { "chemical=" + CHEMICALS[n - 1], "capacityM3=50" });
        }
    }

    private ServiceRegistration<Sink> registerSink(CollectingSink sink) {
        ServiceRegistration<Sink> r = context.registerService(Sink.class, sink,
                dict(StageProperties.STAGE_NAME, "test-sink"));
        registrations.add(r);
        return r;
    }

    private static DeviceReading meter(int n, Instant t, double watts, double wattHours) {
        return DeviceReading.builder("meter-" + n, t).point("activePower", Value.of(watts))
                .point("energy", Value.of(wattHours)).build();
    }

    private static DeviceReading temperatures(Instant t, long... tenths) {
        DeviceReading.Builder b = DeviceReading.builder("temperature-reader", t);
        for (int i = 0; i < tenths.length; i++) {
            b.point("tank" + (i + 1) + "Temperature", Value.of(tenths[i]));
        }
        return b.build();
    }

    @Test
    void threeTanksFromFourDevicesWithMesContextFromSql(
            @InjectService(filter = "(osgi.jdbc.driver.class=org.h2.Driver)", timeout = 10_000) DataSourceFactory h2)
            throws Exception {
        // The MES database: H2 in memory, reached through the DataSourceFactory service H2's bundle registers.
        Properties p = new Properties();
        p.setProperty(DataSourceFactory.JDBC_URL, "jdbc:h2:mem:mes;DB_CLOSE_DELAY=-1");
        p.setProperty(DataSourceFactory.JDBC_USER, "mes");
        p.setProperty(DataSourceFactory.JDBC_PASSWORD, MES_PASSWORD);
        DataSource mesDb = h2.createDataSource(p);
        try (Connection c = mesDb.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS batches (unit VARCHAR(64), batch_id VARCHAR(32), "
                    + "product VARCHAR(64))");
            st.execute("DELETE FROM batches");
            st.execute("INSERT INTO batches VALUES ('tank-1', 'B-0417', 'H2SO4 96%'), "
                    + "('tank-2', 'B-0418', 'NaOH 50%'), ('tank-3', 'B-0419', 'HCl 33%')");
        }
        pipelineRequires("tank-rules");
        configureTanks();
        configureStaticContext();
        factoryConfig("io.plantwire.context.sql", "mes",
                "url", "jdbc:h2:mem:mes;DB_CLOSE_DELAY=-1", "user", "mes", ".password", MES_PASSWORD,
                "dataSourceFactory.target", "(osgi.jdbc.driver.class=org.h2.Driver)",
                "query", "SELECT batch_id, product FROM batches WHERE unit = :asset",
                "values", new String[] { "batchId=batch_id", "product=product" },
                "refreshInterval", 1L, "ttl", 60L);
        CollectingSink sink = new CollectingSink();
        registerSink(sink);

        AtomicLong tick = new AtomicLong();
        Await.until("every tank complete with fields and context", () -> {
            long i = tick.incrementAndGet();
            Instant t = T0.plusSeconds(i);
            for (int n = 1; n <= 3; n++) {
                assertThat(intake.submit(meter(n, t, 1000.0 * n + 1.5, 500_000.0 * n))).isTrue();
            }
            assertThat(intake.submit(temperatures(t, 215, 223, 1999))).isTrue();
            return completeTank(sink, 1) && completeTank(sink, 2) && completeTank(sink, 3);
        });

        AssetRecord tank2 = sink.latest("tank-2").orElseThrow();
        assertThat(tank2.path().toString()).isEqualTo("acme/rotterdam/tankfarm/line-1/cell-b/tank-2");
        assertThat(tank2.assetType()).isEqualTo("ChemicalTank");
        assertThat(tank2.field("power").value().asDouble()).isEqualTo(2.002); // 2001.5 W, rounded to 3 places
        assertThat(tank2.field("power").unit()).isEqualTo("kW");
        assertThat(tank2.field("energy").value().asDouble()).isEqualTo(1000.0);
        assertThat(tank2.field("energy").unit()).isEqualTo("kWh");
        assertThat(tank2.field("temperature").value().asDouble()).isEqualTo(22.3);
        assertThat(tank2.field("temperature").unit()).isEqualTo("Cel");
        assertThat(tank2.field("temperature").quality()).isEqualTo(Quality.GOOD);
        assertThat(tank2.context().get("chemical").value()).isEqualTo("caustic soda");
        assertThat(tank2.context().get("batchId").value()).isEqualTo("B-0418");
        assertThat(tank2.context().get("product").value()).isEqualTo("NaOH 50%");
        assertThat(tank2.context().get("batchId").stale()).isFalse();

        AssetRecord tank3 = sink.latest("tank-3").orElseThrow();
        assertThat(tank3.field("temperature").value().asDouble()).isEqualTo(199.9);
        assertThat(tank3.field("temperature").quality().status()).isEqualTo(Quality.Status.BAD);
        assertThat(tank3.field("temperature").quality().reason()).isEqualTo(Quality.Reason.OUT_OF_RANGE);
        assertThat(tank3.context().get("batchId").value()).isEqualTo("B-0419");
        assertThat(sink.latest("tank-1").orElseThrow().context().get("chemical").value()).isEqualTo("sulphuric acid");

        // The password reached the driver (the lookups worked) but is not published as a service property.
        ServiceReference<?>[] providers = context.getServiceReferences(ContextProvider.class.getName(),
                "(" + StageProperties.STAGE_NAME + "=mes-sql)");
        assertThat(providers).hasSize(1);
        for (String key : providers[0].getPropertyKeys()) {
            assertThat(String.valueOf(providers[0].getProperty(key))).as(key).doesNotContain(MES_PASSWORD);
        }
    }

    private static boolean completeTank(CollectingSink sink, int n) {
        Optional<AssetRecord> r = sink.latest("tank-" + n);
        return r.isPresent() && r.get().fields().keySet().containsAll(List.of("power", "energy", "temperature"))
                && r.get().context().containsKey("batchId") && r.get().context().containsKey("chemical");
    }

    @Test
    void theNormalizerBundleIsStoppedStartedAndUpdatedWhileReadingsFlowAndNothingIsLost() throws Exception {
        pipelineRequires("tank-rules");
        configureTanks();
        CollectingSink sink = new CollectingSink();
        registerSink(sink);
        Bundle normalizer = bundle("io.plantwire.normalizer");
        // Every reading must find its mapper: a reading submitted before the tank-1 mapper is there maps to nothing.
        awaitStagesPresent("tank-1-map", "tank-rules", "test-sink");

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong submitted = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        Thread meter1 = new Thread(() -> {
            while (!stop.get()) {
                long seq = submitted.get() + 1;
                if (!intake.submit(meter(1, T0.plusMillis(seq), seq, 0))) {
                    refused.incrementAndGet();
                }
                submitted.set(seq);
                try {
                    Thread.sleep(1); // a fast poll rate; the point is overlap with the swap, not load
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "meter-1-driver");
        meter1.start();
        try {
            Await.until("records flow through the normalizer", () -> sink.count("tank-1") > 100
                    && "kW".equals(sink.latest("tank-1").orElseThrow().field("power").unit()));

            normalizer.stop();
            Await.until("readings are held while the normalizer is gone", () -> metrics.status().held() > 20);
            normalizer.start();
            Await.until("held readings released", () -> metrics.status().held() == 0);
            long afterRestart = sink.count("tank-1");
            Await.until("records flow again", () -> sink.count("tank-1") > afterRestart + 100);

            normalizer.update();
            Await.until("records flow after the update", () -> normalizer.getState() == Bundle.ACTIVE
                    && metrics.status().held() == 0 && sink.count("tank-1") > afterRestart + 300);
        } finally {
            stop.set(true);
            meter1.join(10_000);
        }
        try {
            Await.until("every submitted reading reached the sink", () -> sink.count("tank-1") == submitted.get());
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": submitted " + submitted.get() + ", arrived "
                    + sink.count("tank-1") + ", refused " + refused.get() + ", held " + metrics.status().held()
                    + ", " + describeGaps(sink.of("tank-1")), e);
        }

        assertThat(refused.get()).isZero();
        List<AssetRecord> tank1 = sink.of("tank-1");
        for (int i = 0; i < tank1.size(); i++) {
            FieldValue power = tank1.get(i).field("power");
            assertThat(power.unit()).as("record %d normalized", i).isEqualTo("kW");
            assertThat(power.value().asDouble()).as("record %d in order", i)
                    .isEqualTo(Math.round((i + 1) / 1000.0 * 1000) / 1000.0);
        }
    }

    @Test
    void thePostgresqlDriverResolvesAndRegistersItsDataSourceFactory(
            @InjectService(filter = "(osgi.jdbc.driver.class=org.postgresql.Driver)", timeout = 10_000)
            DataSourceFactory pg) throws Exception {
        assertThat(pg.createDriver(null).acceptsURL("jdbc:postgresql://mes-db:5432/mes")).isTrue();
        Properties p = new Properties();
        p.setProperty(DataSourceFactory.JDBC_URL, "jdbc:postgresql://127.0.0.1:5432/mes");
        p.setProperty(DataSourceFactory.JDBC_USER, "mes");
        assertThat(pg.createDataSource(p)).isNotNull();
    }

    /** Which sequence numbers (power in W = seq) are missing or repeated, for a useful failure message. */
    private static String describeGaps(List<AssetRecord> records) {
        StringBuilder b = new StringBuilder();
        long expected = 1;
        int reported = 0;
        for (AssetRecord r : records) {
            long seq = Math.round(r.field("power").value().asDouble() * 1000);
            if (seq != expected && reported++ < 10) {
                b.append("at index ").append(expected - 1).append(" expected ").append(expected).append(" got ")
                        .append(seq).append(" (").append(r.field("power").unit()).append("); ");
            }
            expected = seq + 1;
        }
        return b.length() == 0 ? "no gaps" : b.toString();
    }

    private Bundle bundle(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + bsn);
    }

    /** Keeps every record per asset name, in arrival order. */
    static final class CollectingSink implements Sink {
        private final Map<String, List<AssetRecord>> byAsset = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void accept(AssetRecord record) {
            byAsset.computeIfAbsent(record.path().asset(), a -> new CopyOnWriteArrayList<>()).add(record);
        }

        List<AssetRecord> of(String asset) {
            return byAsset.getOrDefault(asset, List.of());
        }

        long count(String asset) {
            return of(asset).size();
        }

        Optional<AssetRecord> latest(String asset) {
            List<AssetRecord> l = of(asset);
            return l.isEmpty() ? Optional.empty() : Optional.of(l.get(l.size() - 1));
        }
    }
}
