package io.plantwire.sink.mqtt.itest;

import static io.plantwire.sink.mqtt.itest.MqttSinkInFrameworkTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import io.plantwire.api.driver.ReadingIntake;
import io.plantwire.api.model.DeviceReading;
import io.plantwire.api.model.Value;
import io.plantwire.api.stage.Mapper;
import io.plantwire.api.stage.Sink;
import io.plantwire.api.stage.SinkStatus;
import io.plantwire.api.stage.StageProperties;
import io.plantwire.test.support.MosquittoBroker;

/**
 * A field update of {@code io.plantwire.sink.support} (the sinks' shared encoder and buffers) while the threads
 * that call the sink live on, as a driver's pollers do: after the update and a refresh, the old revision's class
 * loader must be collectable. A buffer kept per calling thread (a {@code ThreadLocal} holding a class of the old
 * revision) pins that loader, and with it every class of the old bundle, for as long as the threads run.
 */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class SinkSupportUpdateInFrameworkTest {

    private static final String PID = "io.plantwire.sink.mqtt";
    private static final String STAGE = "uns-update-itest";
    private static final Duration PATIENCE = MqttSinkInFrameworkTest.PATIENCE;
    private static final int READINGS = 300;

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 5000)
    ConfigurationAdmin configAdmin;

    @InjectService(timeout = 5000)
    ReadingIntake intake;

    private MosquittoBroker broker;
    private Configuration config;
    private ServiceRegistration<Mapper> mapper;
    /** Stands for a driver's polling threads: they call the sink before and after the update. */
    private final ExecutorService drivers = Executors.newFixedThreadPool(3, r -> new Thread(r, "itest-driver"));

    @BeforeEach
    void startBroker() throws Exception {
        broker = new MosquittoBroker().start();
    }

    @AfterEach
    void stopAll() throws Exception {
        drivers.shutdownNow();
        drivers.awaitTermination(10, TimeUnit.SECONDS);
        if (mapper != null) {
            mapper.unregister();
        }
        if (config != null) {
            config.delete();
        }
        broker.close();
    }

    @Test
    void anUpdatedSinkSupportBundleLeavesNoClassLoaderBehind() throws Exception {
        config = configAdmin.getFactoryConfiguration(PID, "update-itest", "?");
        Dictionary<String, Object> d = new Hashtable<>();
        d.put(StageProperties.STAGE_NAME, STAGE);
        d.put("broker.url", broker.tcpUrl());
        d.put("client.id", "itest-update");
        config.update(d);
        mapper = context.registerService(Mapper.class, new MqttSinkInFrameworkTest.TankMapper(), new Hashtable<>());

        await("sink connected", this::sinkConnected);
        publishFromEveryDriverThread(0);
        await("records delivered before the update", () -> deliveredByTheSink() >= READINGS);

        Bundle support = bundle("io.plantwire.sink.support");
        WeakReference<ClassLoader> oldLoader = new WeakReference<>(
                support.loadClass("io.plantwire.sink.support.JsonBytes").getClassLoader());

        support.update();
        CountDownLatch refreshed = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(support), e -> {
            if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            }
        });
        assertThat(refreshed.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("refresh after the update").isTrue();

        // The same threads go on calling the sink, now the new revision's.
        await("sink restarted and connected", this::sinkConnected);
        publishFromEveryDriverThread(1_000);
        await("records delivered by the restarted sink", () -> deliveredByTheSink() >= READINGS);
        assertThat(support.loadClass("io.plantwire.sink.support.JsonBytes").getClassLoader())
                .isNotSameAs(oldLoader.get());

        await("the old revision's class loader collected", () -> {
            System.gc();
            return oldLoader.get() == null;
        });
    }

    /** {@value #READINGS} readings, a third from each driver thread. */
    private void publishFromEveryDriverThread(long firstSeq) throws Exception {
        CountDownLatch done = new CountDownLatch(3);
        for (int t = 0; t < 3; t++) {
            long base = firstSeq + t * (READINGS / 3);
            drivers.execute(() -> {
                for (long seq = base; seq < base + READINGS / 3; seq++) {
                    intake.submit(DeviceReading.builder("meter-1", Instant.now()).point("seq", Value.of(seq)).build());
                }
                done.countDown();
            });
        }
        assertThat(done.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }

    /** Records delivered by the sink instance registered now (0 while it restarts). */
    private long deliveredByTheSink() {
        SinkStatus status = status();
        return status == null ? 0 : status.delivered();
    }

    private boolean sinkConnected() {
        SinkStatus status = status();
        return status != null && status.connected();
    }

    private SinkStatus status() {
        try {
            Collection<ServiceReference<Sink>> refs = context.getServiceReferences(Sink.class,
                    "(" + StageProperties.STAGE_NAME + "=" + STAGE + ")");
            if (refs.isEmpty()) {
                return null;
            }
            ServiceReference<Sink> ref = refs.iterator().next();
            Sink sink = context.getService(ref);
            try {
                return sink == null ? null : sink.status();
            } finally {
                context.ungetService(ref);
            }
        } catch (InvalidSyntaxException | IllegalStateException e) {
            return null; // the service went away while we looked: ask again
        }
    }

    private Bundle bundle(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> b.getSymbolicName().equals(symbolicName)).findFirst()
                .orElseThrow();
    }
}
