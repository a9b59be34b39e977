package io.plantwire.sink.mqtt.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import io.plantwire.api.driver.ReadingIntake;
import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.DeviceReading;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Isa95Path;
import io.plantwire.api.model.Value;
import io.plantwire.api.stage.Mapper;
import io.plantwire.api.stage.Sink;
import io.plantwire.api.stage.StageProperties;
import io.plantwire.test.support.MosquittoBroker;

/**
 * The MQTT sink bundle in Felix: configured through Config Admin, found by the pipeline as a whiteboard sink,
 * publishing readings end to end to a real Mosquitto through the re-bundled Paho client.
 */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class MqttSinkInFrameworkTest {

    private static final String PID = "io.plantwire.sink.mqtt";
    static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Isa95Path TANK = Isa95Path.parse("acme/rotterdam/tankfarm/line-1/cell-a/tank-1");
    private static final Pattern SEQ = Pattern.compile("\"seq\":\\{\"value\":(\\d+)");

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 5000)
    ConfigurationAdmin configAdmin;

    @InjectService(timeout = 5000)
    ReadingIntake intake;

    @InjectService(timeout = 5000)
    ServiceComponentRuntime scr;

    private MosquittoBroker broker;
    private Configuration config;
    private ServiceRegistration<Mapper> mapper;
    private MqttClient subscriber;
    private final List<String[]> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startBroker() throws Exception {
        broker = new MosquittoBroker().start();
        subscriber = new MqttClient(broker.tcpUrl(), "itest-subscriber", new MemoryPersistence());
        subscriber.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
            @Override
            public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse r) {
            }

            @Override
            public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException e) {
            }

            @Override
            public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage m) {
                received.add(new String[] { topic, new String(m.getPayload(), StandardCharsets.UTF_8) });
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken t) {
            }

            @Override
            public void connectComplete(boolean reconnect, String uri) {
            }

            @Override
            public void authPacketArrived(int code, org.eclipse.paho.mqttv5.common.packet.MqttProperties p) {
            }
        });
        subscriber.connect(new MqttConnectionOptions());
        subscriber.subscribe(new MqttSubscription[] { new MqttSubscription("#", 1) });
    }

    @AfterEach
    void stopAll() throws Exception {
        if (mapper != null) {
            mapper.unregister();
        }
        if (config != null) {
            config.delete();
        }
        subscriber.disconnect();
        subscriber.close();
        broker.close();
    }

    /** Polls {@code condition} until it holds, at most {@link #PATIENCE}. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + PATIENCE.toSeconds() + " s: " + what);
            }
            Thread.sleep(20);
        }
    }

    private void configure(Object... keyValues) throws Exception {
        config = configAdmin.getFactoryConfiguration(PID, "itest-" + System.nanoTime(), "?");
        Dictionary<String, Object> d = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            d.put((String) keyValues[i], keyValues[i + 1]);
        }
        config.update(d);
    }

    private ServiceReference<Sink> sinkNamed(String name) throws Exception {
        String filter = "(" + StageProperties.STAGE_NAME + "=" + name + ")";
        var refs = context.getServiceReferences(Sink.class, filter);
        return refs.isEmpty() ? null : refs.iterator().next();
    }

    @Test
    void readingsFlowThroughThePipelineToTheBroker() throws Exception {
        configure("plantwire.stage.name", "uns-itest", "broker.url", broker.tcpUrl(), "topic.prefix", "uns",
                "username", "itest-user", ".password", "not-a-service-property", "client.id", "itest-gateway");
        await("sink service", () -> {
            try {
                return sinkNamed("uns-itest") != null;
            } catch (Exception e) {
                return false;
            }
        });
        ServiceReference<Sink> ref = sinkNamed("uns-itest");
        assertThat(ref.getProperty("broker.url")).isEqualTo(broker.tcpUrl());
        assertThat(ref.getProperty(".password")).as("private property stays private").isNull();
        Sink sink = context.getService(ref);
        await("connected", () -> sink.status().connected());
        assertThat(deadLettersNamed("uns-itest")).as("the sink's dead letters are a service for console and Gogo")
                .isNotNull();

        mapper = context.registerService(Mapper.class, new TankMapper(), new Hashtable<>());
        for (long seq = 0; seq < 200; seq++) {
            assertThat(intake.submit(DeviceReading.builder("meter-1", Instant.now()).point("seq", Value.of(seq))
                    .point("level", Value.of(seq * 0.5)).build())).isTrue();
        }
        String topic = "uns/" + TANK;
        await("200 records on " + topic, () -> received.stream().filter(m -> m[0].equals(topic)).count() >= 200);
        long[] seqs = received.stream().filter(m -> m[0].equals(topic)).mapToLong(m -> seq(m[1])).distinct()
                .toArray();
        long[] expected = new long[200];
        Arrays.setAll(expected, i -> i);
        assertThat(seqs).containsExactly(expected);
        await("delivered", () -> sink.status().delivered() == 200 && sink.status().backlog() == 0);
        assertThat(received.stream().anyMatch(m -> m[0].equals("plantwire/gateways/itest-gateway/status")
                && m[1].equals("online"))).isTrue();
        context.ungetService(ref);

        // deleting the configuration stops the sink cleanly: offline status, service gone
        config.delete();
        config = null;
        await("offline status", () -> received.stream().anyMatch(
                m -> m[0].equals("plantwire/gateways/itest-gateway/status") && m[1].equals("offline")));
        await("service gone", () -> {
            try {
                return sinkNamed("uns-itest") == null;
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(deadLettersNamed("uns-itest")).as("dead-letter service unregistered with the sink").isNull();
    }

    /** By class name: the test bundle need not import the store's package. */
    private ServiceReference<?> deadLettersNamed(String name) throws Exception {
        ServiceReference<?>[] refs = context.getServiceReferences("io.plantwire.store.deadletter.DeadLetters",
                "(" + StageProperties.STAGE_NAME + "=" + name + ")");
        return refs == null ? null : refs[0];
    }

    @Test
    void invalidConfigurationKeepsTheComponentInactiveAndNamesTheField() throws Exception {
        configure("plantwire.stage.name", "uns-broken", "broker.url", broker.tcpUrl(), "qos", 7);
        ComponentDescriptionDTO description = scr.getComponentDescriptionDTOs(bundleOfSink()).stream()
                .filter(d -> d.name.endsWith("MqttSink")).findFirst().orElseThrow();
        await("activation failure reported", () -> scr.getComponentConfigurationDTOs(description).stream()
                .anyMatch(c -> c.state == ComponentConfigurationDTO.FAILED_ACTIVATION
                        && c.failure != null && c.failure.contains("'qos'") && c.failure.contains("'7'")));
        // Felix SCR leaves an immediate component's service registered after a failed activation, but nobody gets
        // an object from it: the pipeline sees no sink
        ServiceReference<Sink> ref = sinkNamed("uns-broken");
        if (ref != null) {
            assertThat(context.getService(ref)).isNull();
        }
    }

    private org.osgi.framework.Bundle bundleOfSink() {
        return Arrays.stream(context.getBundles()).filter(b -> b.getSymbolicName().equals("io.plantwire.sink.mqtt"))
                .findFirst().orElseThrow();
    }

    private static long seq(String payload) {
        Matcher m = SEQ.matcher(payload);
        assertThat(m.find()).as(payload).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** Maps every reading onto tank-1. */
    static final class TankMapper implements Mapper {
        @Override
        public void map(DeviceReading reading, Consumer<AssetRecord> out) {
            AssetRecord.Builder b = AssetRecord.builder(TANK, "ChemicalTank", reading.readTime());
            reading.points().forEach((name, sample) -> b.field(name, FieldValue.from(sample, "")));
            out.accept(b.build());
        }
    }
}
