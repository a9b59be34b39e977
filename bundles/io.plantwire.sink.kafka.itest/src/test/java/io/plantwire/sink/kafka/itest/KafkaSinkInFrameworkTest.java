package io.plantwire.sink.kafka.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;
import org.osgi.util.tracker.ServiceTracker;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Isa95Path;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Value;
import io.plantwire.api.stage.Sink;

/**
 * The sink bundle and the wrapped kafka-clients in Felix, configured through Config Admin, producing to a real
 * broker: proves the wrapper's manifest (imports, exports, codec bundles) and the class loader handling work where
 * a plain class path would hide mistakes.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class KafkaSinkInFrameworkTest {

    static Process broker;
    static String bootstrap;
    static String mqttUrl;
    static Path work;

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 5000)
    ConfigurationAdmin configAdmin;

    @BeforeAll
    static void startBroker() throws Exception {
        String cp = Files.readString(Path.of(System.getProperty("plantwire.broker.classpath.file"))).trim();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        work = Files.createTempDirectory("plantwire-kafka-itest");
        broker = new ProcessBuilder(java, "-Xmx512m", "-cp", cp, "io.plantwire.sink.kafka.internal.TestKafkaMain")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(broker.getInputStream(),
                StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while ((line = out.readLine()) != null && System.nanoTime() < deadline) {
            if (line.startsWith("MQTT ")) {
                mqttUrl = line.substring("MQTT ".length()).trim();
            } else if (line.startsWith("BOOTSTRAP ")) {
                bootstrap = line.substring("BOOTSTRAP ".length()).trim();
                break;
            }
            seen.add(line);
        }
        assertThat(bootstrap).as("broker start, output: %s", seen).isNotNull();
        assertThat(mqttUrl).as("MQTT broker start, output: %s", seen).isNotNull();
        // Keep draining its output so the broker never blocks on a full pipe.
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // discard
                }
            } catch (java.io.IOException e) {
                // broker gone
            }
        }, "broker-output");
        drain.setDaemon(true);
        drain.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.getOutputStream().close(); // EOF on its stdin: it shuts down
            if (!broker.waitFor(30, TimeUnit.SECONDS)) {
                broker.destroyForcibly();
            }
        }
        if (work != null) {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void wrapperAndCodecsResolveAndTheSinkBundleIsActive() {
        Map<String, Integer> states = Arrays.stream(context.getBundles())
                .collect(Collectors.toMap(Bundle::getSymbolicName, Bundle::getState, (a, b) -> a));
        assertThat(states).containsEntry("io.plantwire.wrapper.kafka", Bundle.ACTIVE)
                .containsEntry("io.plantwire.sink.kafka", Bundle.ACTIVE)
                .containsEntry("io.plantwire.store", Bundle.ACTIVE)
                .containsEntry("org.xerial.snappy.snappy-java", Bundle.ACTIVE)
                .containsEntry("com.github.luben.zstd-jni", Bundle.ACTIVE)
                .containsEntry("lz4-java", Bundle.ACTIVE);
        // The wrapper, not some other copy, provides the client packages the sink uses.
        Bundle wrapper = FrameworkUtil.getBundle(org.apache.kafka.clients.producer.KafkaProducer.class);
        assertThat(wrapper.getSymbolicName()).isEqualTo("io.plantwire.wrapper.kafka");
    }

    @Test
    void sinkConfiguredThroughConfigAdminProducesToTheBroker() throws Exception {
        for (String codec : List.of("zstd", "snappy", "lz4")) {
            String name = "itest-" + codec;
            Configuration config = configAdmin.getFactoryConfiguration("io.plantwire.sink.kafka", name, "?");
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("plantwire.stage.name", name);
            props.put("bootstrap.servers", bootstrap);
            props.put("topic.template", name + ".{asset}");
            props.put("compression.type", codec);
            props.put("store.directory", work.resolve(name).toString());
            config.update(props);
            ServiceTracker<Sink, Sink> tracker = new ServiceTracker<>(context,
                    context.createFilter("(&(objectClass=" + Sink.class.getName() + ")(plantwire.stage.name=" + name
                            + "))"), null);
            tracker.open();
            try {
                Sink sink = tracker.waitForService(10_000);
                assertThat(sink).as("sink service %s", name).isNotNull();
                for (long s = 0; s < 100; s++) {
                    for (int t = 1; t <= 3; t++) {
                        sink.accept(tankRecord(t, s));
                    }
                }
                await(Duration.ofSeconds(60), () -> sink.status().delivered() == 300 && sink.status().backlog() == 0);
                assertThat(sink.status().dropped()).isZero();

                Map<String, List<String>> got = readAll(List.of(name + ".tank-1", name + ".tank-2", name + ".tank-3"),
                        300, Duration.ofSeconds(60));
                assertThat(got).hasSize(3);
                got.values().forEach(keys -> assertThat(keys).hasSize(100));
                assertThat(got.get(name + ".tank-2")).containsOnly("acme/rotterdam/tankfarm/line-1/cell-a/tank-2");
            } finally {
                tracker.close();
                config.delete();
            }
        }
    }

    @Test
    void bridgeForwardsMqttMessagesToKafka() throws Exception {
        Configuration config = configAdmin.getFactoryConfiguration("io.plantwire.sink.kafka.bridge", "itest", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("name", "itest");
        props.put("mqtt.broker.url", mqttUrl);
        props.put("mqtt.topic.filters", new String[] { "acme/itest/#" });
        props.put("bootstrap.servers", bootstrap);
        props.put("store.directory", work.resolve("bridge").toString());
        config.update(props);
        // The plant side: a publisher inside the framework too (Paho is a real bundle).
        org.eclipse.paho.client.mqttv3.MqttClient plant = new org.eclipse.paho.client.mqttv3.MqttClient(mqttUrl,
                "itest-plant", new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        try {
            org.eclipse.paho.client.mqttv3.MqttConnectOptions options =
                    new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
            // Paho releases its in-flight slot after the publish call returns: with the default of 10, quick
            // synchronous QoS 1 publishes still run into 32202 "too many publishes in progress".
            options.setMaxInflight(1000);
            plant.connect(options);
            // The bridge subscribes on its own thread after activation, so the first round may come too early.
            List<String> topics = List.of("acme.itest.tankfarm.line-1.cell-a.tank-1",
                    "acme.itest.tankfarm.line-1.cell-a.tank-2");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            Map<String, List<String>> got = Map.of();
            int round = 0;
            // Publish rounds of 50 per tank until the bridge forwards (its first subscription may miss round 0).
            while (System.nanoTime() < deadline) {
                for (int i = 0; i < 50; i++) {
                    for (int t = 1; t <= 2; t++) {
                        plant.publish("acme/itest/tankfarm/line-1/cell-a/tank-" + t,
                                (round + ":" + i).getBytes(StandardCharsets.UTF_8), 1, false);
                    }
                }
                got = readAll(topics, (round + 1) * 100, Duration.ofSeconds(3));
                // Kafka creates each topic on its first record, so one read may see tank-1 before tank-2 exists.
                Map<String, List<String>> seen = got;
                if (topics.stream().allMatch(topic -> seen.getOrDefault(topic, List.of()).size() >= 50)) {
                    break;
                }
                round++;
            }
            assertThat(got).containsOnlyKeys(topics);
            // Exact counts and order are the unit tests' job (MqttKafkaBridgeTest); here: it works in Felix.
            assertThat(got.get(topics.get(0))).hasSizeGreaterThanOrEqualTo(50)
                    .containsOnly("acme/itest/tankfarm/line-1/cell-a/tank-1");
            assertThat(got.get(topics.get(1))).hasSizeGreaterThanOrEqualTo(50)
                    .containsOnly("acme/itest/tankfarm/line-1/cell-a/tank-2");
        } finally {
            if (plant.isConnected()) {
                plant.disconnect();
            }
            plant.close();
            config.delete();
        }
    }

    /** Reads the topics with a consumer created inside the framework, as the sink creates its producer. */
    private static Map<String, List<String>> readAll(List<String> topics, int expected, Duration timeout) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("auto.offset.reset", "earliest");
        p.put("enable.auto.commit", "false");
        Map<String, List<String>> keysByTopic = new HashMap<>();
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(null);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                c.partitionsFor(topic, Duration.ofSeconds(5))
                        .forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            }
            if (partitions.isEmpty()) {
                return keysByTopic;
            }
            c.assign(partitions);
            c.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            int n = 0;
            while (n < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    keysByTopic.computeIfAbsent(r.topic(), k -> new ArrayList<>())
                            .add(new String(r.key(), StandardCharsets.UTF_8));
                    n++;
                }
            }
        } finally {
            t.setContextClassLoader(previous);
        }
        return keysByTopic;
    }

    private static AssetRecord tankRecord(int n, long seq) {
        Instant t = Instant.parse("2026-11-25T10:00:00Z").plusMillis(seq);
        return AssetRecord.builder(new Isa95Path("acme", "rotterdam", "tankfarm", "line-1", "cell-a", "tank-" + n),
                "ChemicalTank", t).field("power", new FieldValue(Value.of(seq), "kW", Quality.GOOD, t)).build();
    }

    private static void await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(50);
        }
    }
}
