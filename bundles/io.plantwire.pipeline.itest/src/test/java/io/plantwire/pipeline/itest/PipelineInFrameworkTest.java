package io.plantwire.pipeline.itest;

import static io.plantwire.pipeline.itest.TankFlow.reading;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.annotation.Property;
import org.osgi.test.common.annotation.config.WithConfiguration;
import org.osgi.test.junit5.cm.ConfigurationExtension;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import io.plantwire.api.driver.ReadingIntake;
import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.ContextValue;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Value;
import io.plantwire.api.pipeline.PipelineMetrics;
import io.plantwire.api.pipeline.PipelineStatus;
import io.plantwire.api.pipeline.StageCounters;
import io.plantwire.api.stage.ContextProvider;
import io.plantwire.api.stage.Mapper;
import io.plantwire.api.stage.Normalizer;
import io.plantwire.api.stage.Sink;
import io.plantwire.api.stage.StageProperties;
import io.plantwire.test.support.Await;

/** The real pipeline bundle in Felix, with stages registered as services by the test. */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class, ConfigurationExtension.class})
class PipelineInFrameworkTest {

    private static final String PIPELINE_PID = "io.plantwire.pipeline";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 5000)
    ReadingIntake intake;

    @InjectService(timeout = 5000)
    PipelineMetrics metrics;

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @AfterEach
    void unregister() {
        registrations.forEach(r -> {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // unregistered by the test itself
            }
        });
    }

    private <T> ServiceRegistration<T> register(Class<T> type, T service, Object... props) {
        Dictionary<String, Object> d = new Hashtable<>();
        for (int i = 0; i < props.length; i += 2) {
            d.put((String) props[i], props[i + 1]);
        }
        ServiceRegistration<T> reg = context.registerService(type, service, d);
        registrations.add(reg);
        return reg;
    }

    @Test
    void stagesRegisteredAsServicesRouteRecordsThroughEveryStage() {
        TankFlow.CollectingSink sink = new TankFlow.CollectingSink();
        register(Mapper.class, new TankFlow.TankMapper(), StageProperties.STAGE_NAME, "tank-mapper");
        register(Normalizer.class, r -> r.withField("level", r.field("level").withValue(
                Value.of(r.field("level").value().asDouble() * 100), "%")), StageProperties.STAGE_NAME, "percent");
        register(ContextProvider.class, r -> r.withContext("batch", ContextValue.of("B-42", Instant.EPOCH)),
                StageProperties.STAGE_NAME, "mes");
        register(Sink.class, sink, StageProperties.STAGE_NAME, "collector");

        for (long i = 1; i <= 10; i++) {
            assertThat(intake.submit(reading("meter-1", i))).isTrue();
        }

        assertThat(sink.seqs()).containsExactly(LongStream.rangeClosed(1, 10).toArray());
        AssetRecord last = sink.records.get(9);
        assertThat(last.field("level")).isEqualTo(new FieldValue(Value.of(500.0), "%",
                io.plantwire.api.model.Quality.GOOD, last.field("level").timestamp()));
        assertThat(last.context().get("batch").value()).isEqualTo("B-42");
        assertThat(metrics.stages()).extracting(StageCounters::name)
                .contains("tank-mapper", "percent", "mes", "collector");
        StageCounters collector = metrics.stages().stream().filter(s -> s.name().equals("collector")).findFirst()
                .orElseThrow();
        assertThat(collector.out()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void aSinkWithASelectorSeesOnlyItsAssets() {
        TankFlow.CollectingSink tanks = new TankFlow.CollectingSink();
        TankFlow.CollectingSink pumps = new TankFlow.CollectingSink();
        register(Mapper.class, new TankFlow.TankMapper());
        register(Sink.class, tanks, StageProperties.ASSET_SELECTOR, "acme/**/tank-*");
        register(Sink.class, pumps, StageProperties.ASSET_SELECTOR, new String[] {"acme/**/pump-*"});

        intake.submit(reading("meter-1", 1));

        assertThat(tanks.seqs()).containsExactly(1);
        assertThat(pumps.records).isEmpty();
    }

    @Test
    void aNormalizerRegisteredWhileRecordsFlowStartsApplyingWithoutLosingAny() throws Exception {
        TankFlow.CollectingSink sink = new TankFlow.CollectingSink();
        register(Mapper.class, new TankFlow.TankMapper());
        register(Sink.class, sink);

        AtomicBoolean stop = new AtomicBoolean();
        long[] submitted = new long[1];
        Thread driver = new Thread(() -> {
            long seq = 0;
            while (!stop.get()) {
                intake.submit(reading("meter-1", ++seq));
                submitted[0] = seq;
                Thread.onSpinWait();
            }
        }, "test-driver");
        driver.start();
        Await.until("over 1,000 records at the sink", () -> sink.records.size() > 1_000);
        register(Normalizer.class, r -> r.withField("marked", new FieldValue(Value.TRUE, "", r.field("seq").quality(),
                r.timestamp())), StageProperties.STAGE_NAME, "marker");
        long marksBefore = sink.records.size();
        Await.until("1,000 more records at the sink", () -> sink.records.size() > marksBefore + 1_000);
        stop.set(true);
        driver.join(10_000);

        long[] seqs = sink.seqs();
        assertThat(seqs).hasSize((int) submitted[0]);
        for (int i = 0; i < seqs.length; i++) {
            assertThat(seqs[i]).as("record %d in order", i).isEqualTo(i + 1);
        }
        int firstMarked = -1;
        for (int i = 0; i < sink.records.size(); i++) {
            boolean marked = sink.records.get(i).field("marked") != null;
            if (marked && firstMarked < 0) {
                firstMarked = i;
            }
            if (firstMarked >= 0) {
                assertThat(marked).as("record %d after the normalizer arrived is normalized", i).isTrue();
            }
        }
        assertThat(firstMarked).isPositive();
    }

    @Test
    @WithConfiguration(pid = PIPELINE_PID, location = "?", properties = {
            @Property(key = "requiredStages", value = "tank-rules"),
            @Property(key = "holdCapacity", value = "1000", scalar = Property.Scalar.Integer)})
    void aRequiredStageThatGoesAwayMakesRecordsWaitAndItsReturnReleasesThemInOrder() {
        TankFlow.CollectingSink sink = new TankFlow.CollectingSink();
        register(Mapper.class, new TankFlow.TankMapper());
        register(Sink.class, sink);
        Normalizer rules = r -> r.withField("checked", new FieldValue(Value.TRUE, "", r.field("seq").quality(),
                r.timestamp()));
        ServiceRegistration<Normalizer> reg = register(Normalizer.class, rules, StageProperties.STAGE_NAME,
                "tank-rules");
        // holdCapacity 1000 (default 100,000) shows the test's configuration, with its required stage, has arrived:
        // before it the pipeline requires nothing and would let the readings below through.
        Await.until("this test's configuration applied and tank-rules present", () -> metrics.status().holdCapacity() == 1000
                && metrics.status().missingRequiredStages().isEmpty()
                && metrics.stages().stream().anyMatch(s -> s.name().equals("tank-rules") && s.present()));

        for (long i = 1; i <= 100; i++) {
            intake.submit(reading("meter-1", i));
        }
        reg.unregister();
        for (long i = 101; i <= 200; i++) {
            assertThat(intake.submit(reading("meter-1", i))).isTrue();
        }

        assertThat(sink.seqs()).containsExactly(LongStream.rangeClosed(1, 100).toArray());
        PipelineStatus held = metrics.status();
        assertThat(held.held()).isEqualTo(100);
        assertThat(held.missingRequiredStages()).containsExactly("tank-rules");

        register(Normalizer.class, rules, StageProperties.STAGE_NAME, "tank-rules");
        Await.until("200 records at the sink", () -> sink.records.size() == 200);

        assertThat(sink.seqs()).containsExactly(LongStream.rangeClosed(1, 200).toArray());
        assertThat(sink.records).allSatisfy(r -> assertThat(r.field("checked")).isNotNull());
        assertThat(metrics.status().held()).isZero();
        assertThat(metrics.status().overflowDropped()).isZero();
    }

    @Test
    void overflowOfTheHoldBufferFollowsTheConfiguredPolicyAndIsCountedExactly(
            @InjectService ConfigurationAdmin cm) throws Exception {
        Configuration config = cm.getConfiguration(PIPELINE_PID, "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("requiredStages", new String[] {"absent-sink"});
        props.put("holdCapacity", 10);
        props.put("overflowPolicy", "REJECT_NEW");
        config.update(props);
        try {
            Await.until("the hold capacity configured", () -> metrics.status().holdCapacity() == 10
                    && metrics.status().missingRequiredStages().contains("absent-sink"));
            long rejectedBefore = metrics.status().overflowRejected();
            int accepted = 0;
            for (long i = 1; i <= 15; i++) {
                if (intake.submit(reading("meter-1", i))) {
                    accepted++;
                }
            }
            assertThat(accepted).isEqualTo(10);
            assertThat(metrics.status().overflowRejected() - rejectedBefore).isEqualTo(5);
            assertThat(metrics.status().held()).isEqualTo(10);

            TankFlow.CollectingSink sink = new TankFlow.CollectingSink();
            register(Mapper.class, new TankFlow.TankMapper());
            register(Sink.class, sink, StageProperties.STAGE_NAME, "absent-sink");
            Await.until("10 records at the sink", () -> sink.records.size() == 10);
            assertThat(sink.seqs()).containsExactly(LongStream.rangeClosed(1, 10).toArray());
        } finally {
            config.delete();
            Await.until("no required stage missing", () -> metrics.status().missingRequiredStages().isEmpty());
        }
    }

    @Test
    void theByteBoundConfiguredThroughConfigAdminFillsTheBufferBeforeTheCountAndIsCounted(
            @InjectService ConfigurationAdmin cm) throws Exception {
        Configuration config = cm.getConfiguration(PIPELINE_PID, "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("requiredStages", new String[] {"absent-sink"});
        props.put("holdCapacity", 100_000);
        props.put("holdMaxBytes", 65_536L);
        props.put("overflowPolicy", "REJECT_NEW");
        config.update(props);
        try {
            Await.until("the hold byte limit configured", () -> metrics.status().holdMaxBytes() == 65_536
                    && metrics.status().missingRequiredStages().contains("absent-sink"));
            long rejectedBefore = metrics.status().overflowRejected();
            long accepted = 0;
            for (long i = 1; i <= 10_000 && intake.submit(reading("meter-1", i)); i++) {
                accepted++;
            }
            PipelineStatus full = metrics.status();
            assertThat(accepted).isPositive().isLessThan(10_000);
            assertThat(full.held()).isEqualTo(accepted);
            assertThat(full.heldBytes()).isPositive().isLessThanOrEqualTo(65_536);
            assertThat(full.overflowRejected() - rejectedBefore).isEqualTo(1);

            TankFlow.CollectingSink sink = new TankFlow.CollectingSink();
            register(Mapper.class, new TankFlow.TankMapper());
            register(Sink.class, sink, StageProperties.STAGE_NAME, "absent-sink");
            long released = accepted;
            Await.until("the held records released", () -> sink.records.size() == released);
            assertThat(metrics.status().heldBytes()).isZero();
        } finally {
            config.delete();
            Await.until("no required stage missing", () -> metrics.status().missingRequiredStages().isEmpty());
        }
    }

    @Test
    void normalizersRunInServiceRankingOrder() {
        TankFlow.CollectingSink sink = new TankFlow.CollectingSink();
        register(Mapper.class, new TankFlow.TankMapper());
        register(Sink.class, sink);
        register(Normalizer.class, r -> append(r, "low"), Constants.SERVICE_RANKING, -5);
        register(Normalizer.class, r -> append(r, "high"), Constants.SERVICE_RANKING, 10);
        register(Normalizer.class, r -> append(r, "mid"));

        intake.submit(reading("meter-1", 1));

        assertThat(sink.records.get(0).field("trail").value().asString()).isEqualTo("high>mid>low");
    }

    private static AssetRecord append(AssetRecord r, String step) {
        FieldValue trail = r.field("trail");
        String text = trail == null ? step : trail.value().asString() + ">" + step;
        return r.withField("trail", new FieldValue(Value.of(text), "", r.field("seq").quality(), r.timestamp()));
    }
}
