package io.plantwire.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.plantwire.test.support.TestSigner;

/**
 * The reference scenario end to end, as a site runs it: the exported gateway as its own process, installing the
 * chemical-tanks-demo feature from its local repository (simulated Modbus devices, three tanks, rules, context),
 * publishing to a real MQTT broker and a real Kafka broker. Checks what a UNS subscriber and a Kafka consumer see.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReferenceScenarioIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final List<String> TANKS = List.of("tank-1", "tank-2", "tank-3");
    private static final String AREA = "acme/rotterdam/tankfarm/line-1/cell-a/";

    @TempDir
    static Path tmp;

    private final ObjectMapper json = new ObjectMapper();
    private DemoScenario scenario;
    private Process gateway;
    private int kafkaPort;
    private MqttClient subscriber;
    private final Map<String, JsonNode> latestByTopic = new ConcurrentHashMap<>();
    /** The record timestamp of every UNS message received. */
    private final Set<String> publishedTimestamps = ConcurrentHashMap.newKeySet();
    private OutputStream shell;

    @BeforeAll
    void startBrokersAndGateway() throws Exception {
        scenario = DemoScenario.startBrokers(tmp);
        kafkaPort = scenario.kafkaPort;
        subscriber = new MqttClient("tcp://127.0.0.1:" + scenario.mqttPort, "reference-scenario-it",
                new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        subscriber.connect(options);
        subscriber.subscribe(AREA + "+", 1, (topic, message) -> {
            JsonNode record = json.readTree(new String(message.getPayload(), StandardCharsets.UTF_8));
            publishedTimestamps.add(record.path("timestamp").asText());
            latestByTopic.put(topic, record);
        });
        gateway = scenario.startGateway(tmp);
        shell = gateway.getOutputStream(); // the Gogo shell, for the dry run
    }

    @AfterAll
    void stopEverything() throws Exception {
        if (subscriber != null && subscriber.isConnected()) {
            subscriber.disconnectForcibly(1000);
            subscriber.close();
        }
        if (scenario != null) {
            scenario.close();
        }
    }

    @Test
    void everyTankAppearsOnItsIsa95TopicWithNormalizedValuesAndContext() throws Exception {
        // A poll that timed out on a loaded machine publishes BAD, as it should; wait for a good one of each tank.
        // A tank's first records may carry only the fields seen so far (the mapper's ALL_LATEST emission: the
        // temperature reader's reading can be mapped before the meter's), so wait for one with all three fields.
        java.util.concurrent.atomic.AtomicReference<Map<String, JsonNode>> good = new java.util.concurrent.atomic.AtomicReference<>();
        await("all three tanks on the UNS with all fields, MES context and a good temperature", () -> {
            Map<String, JsonNode> snapshot = Map.copyOf(latestByTopic);
            boolean allGood = TANKS.stream().allMatch(tank -> {
                JsonNode record = snapshot.get(AREA + tank);
                return record != null && record.path("context").has("batchId")
                        && record.path("fields").has("power") && record.path("fields").has("energy")
                        && "GOOD".equals(record.path("fields").path("temperature").path("quality").asText());
            });
            if (allGood) {
                good.set(snapshot);
            }
            return allGood;
        });
        Map<String, JsonNode> seen = good.get();

        for (String tank : TANKS) {
            JsonNode record = seen.get(AREA + tank);
            assertThat(record.path("schema").asText()).isEqualTo("plantwire.uns.asset/1");
            assertThat(record.path("path").asText()).isEqualTo(AREA + tank);
            assertThat(record.path("assetType").asText()).isEqualTo("ChemicalTank");
            JsonNode fields = record.path("fields");
            // Normalized: the meters report W and Wh, the reader tenths of a degree; the rules make kW, kWh, Cel.
            assertThat(fields.path("power").path("unit").asText()).isEqualTo("kW");
            assertThat(fields.path("power").path("value").asDouble()).isBetween(0.0, 60.0);
            assertThat(fields.path("energy").path("unit").asText()).isEqualTo("kWh");
            assertThat(fields.path("temperature").path("unit").asText()).isEqualTo("Cel");
            assertThat(fields.path("temperature").path("value").asDouble()).isBetween(-20.0, 150.0);
            assertThat(fields.path("temperature").path("quality").asText()).isEqualTo("GOOD");
            // Context: static attributes and the batch from the MES database.
            assertThat(record.path("context").path("chemical").path("value").asText()).isNotBlank();
            assertThat(record.path("context").path("batchId").path("value").asText()).startsWith("B-");
        }
    }

    @Test
    void eachTankStreamLandsInItsOwnKafkaTopicKeyedByItsPath() throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", "127.0.0.1:" + kafkaPort);
        p.put("group.id", "reference-scenario-it");
        p.put("auto.offset.reset", "earliest");
        Map<String, String> keyByTopic = new ConcurrentHashMap<>();
        Set<String> topics = Set.of("acme.rotterdam.tankfarm.line-1.cell-a.tank-1",
                "acme.rotterdam.tankfarm.line-1.cell-a.tank-2", "acme.rotterdam.tankfarm.line-1.cell-a.tank-3");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(topics);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (keyByTopic.size() < 3) {
                if (System.nanoTime() > deadline) {
                    fail("Kafka topics with records: " + keyByTopic.keySet() + "; gateway output: " + tail());
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    assertThat(json.readTree(r.value()).path("path").asText()).isEqualTo(r.key());
                    keyByTopic.put(r.topic(), r.key());
                }
            }
        }
        assertThat(keyByTopic).containsOnlyKeys(topics);
        for (String tank : TANKS) {
            assertThat(keyByTopic.get("acme.rotterdam.tankfarm.line-1.cell-a." + tank)).isEqualTo(AREA + tank);
        }
    }

    @Test
    void dryRunPrintsWhatEachTankWouldPublishWithoutPublishingIt() throws Exception {
        await("all three tanks on the UNS with MES context", () -> TANKS.stream().allMatch(tank -> {
            JsonNode record = latestByTopic.get(AREA + tank);
            return record != null && record.path("context").has("batchId");
        }));
        long mark = Files.size(scenario.output());
        shell.write("plantwire:dryrun meter-2\n".getBytes(StandardCharsets.UTF_8));
        shell.flush();
        await("the dry run's output", () -> outputSince(mark).contains("device meter-2 (modbus)")
                && outputSince(mark).contains("    kafka -> "));
        Thread.sleep(500); // the rest of the answer
        String out = outputSince(mark);

        // meter-2 feeds tank-2 only: one asset, one UNS message and one Kafka record, each with its payload.
        Matcher uns = Pattern.compile("    uns-mqtt -> (\\S+) \\(qos 1, retained\\)\n      (\\{.*})\n").matcher(out);
        assertThat(uns.find()).as("UNS line in %s", out).isTrue();
        assertThat(uns.group(1)).isEqualTo(AREA + "tank-2");
        JsonNode wouldPublish = json.readTree(uns.group(2));
        assertThat(wouldPublish.path("fields").path("power").path("unit").asText()).isEqualTo("kW");
        assertThat(wouldPublish.path("context").path("batchId").path("value").asText()).startsWith("B-");
        Matcher kafka = Pattern.compile("    kafka -> topic (\\S+), key (\\S+),.*\n      (\\{.*})\n").matcher(out);
        assertThat(kafka.find()).as("Kafka line in %s", out).isTrue();
        assertThat(kafka.group(1)).isEqualTo("acme.rotterdam.tankfarm.line-1.cell-a.tank-2");
        assertThat(kafka.group(2)).isEqualTo(AREA + "tank-2");
        assertThat(json.readTree(kafka.group(3))).isEqualTo(wouldPublish);
        assertThat(out).contains("asset " + AREA + "tank-2 (ChemicalTank)").doesNotContain("asset " + AREA + "tank-1")
                .doesNotContain("note:"); // every sink of the demo can show what it sends; nothing was filtered

        // The dry run's reading has its own timestamp; no message with it may reach the UNS.
        String dryRunTimestamp = wouldPublish.path("timestamp").asText();
        int before = publishedTimestamps.size();
        await("three more polls published", () -> publishedTimestamps.size() >= before + 9);
        assertThat(publishedTimestamps).doesNotContain(dryRunTimestamp);
    }

    @Test
    void theScenarioRunsUnderEnforcedTrustAndATamperedJarDroppedIntoDeployIsRefused() throws Exception {
        await("all three tanks on the UNS",
                () -> TANKS.stream().allMatch(tank -> latestByTopic.containsKey(AREA + tank)));
        // The features were verified against the distribution's trust store (the build key) before they were read.
        assertThat(Files.readString(scenario.output(), StandardCharsets.UTF_8)).contains("Trust: mode enforce");

        Path keys = Files.createDirectories(tmp.resolve("keys"));
        TestSigner oem = TestSigner.make(keys, "Field OEM", null, 30);
        Path signed = oem.sign(TestSigner.bundle(keys.resolve("driver.jar"), "com.acme.fielddriver"),
                keys.resolve("driver-signed.jar"));
        Path tampered = TestSigner.withChangedEntry(signed, keys.resolve("acme-driver-1.2.jar"), "com/acme/Driver.class");
        long mark = Files.size(scenario.output());
        Path dropped = Files.move(tampered, tmp.resolve("home/deploy/acme-driver-1.2.jar"));

        await("the refusal in the log", () -> outputSince(mark).contains(
                "acme-driver-1.2.jar refused: entry com/acme/Driver.class does not match its signature"));
        assertThat(dropped).exists();
        assertThat(outputSince(mark)).doesNotContain("com.acme.fielddriver 1.0.0 [");
        int before = publishedTimestamps.size();
        await("the tanks keep flowing", () -> publishedTimestamps.size() >= before + 9);
    }

    @Test
    void aKafkaSinkAskingForACodecTheDemoDoesNotCarryIsRefusedByName() throws Exception {
        await("all three tanks on the UNS",
                () -> TANKS.stream().allMatch(tank -> latestByTopic.containsKey(AREA + tank)));
        // The demo sends uncompressed and does not install the codec bundles (docs/decisions/kafka-codecs-on-demand.md).
        long mark = Files.size(scenario.output());
        Path cfg = tmp.resolve("home/conf/io.plantwire.sink.kafka-zstd.cfg");
        Files.writeString(cfg, "plantwire.stage.name=zstd-sink\nbootstrap.servers=127.0.0.1:" + kafkaPort
                + "\ncompression.type=zstd\ntopic.template=zstd.{asset}\n");
        try {
            await("the refusal in the log", () -> outputSince(mark).contains("compression.type zstd needs the codec "
                    + "library com.github.luben:zstd-jni (bundle com.github.luben.zstd-jni)"));
            int before = publishedTimestamps.size();
            await("the tanks keep flowing", () -> publishedTimestamps.size() >= before + 9);
            // The first screen names only sinks that took their configuration.
            assertThat(outputSince(mark)).doesNotContain("(sink 'zstd-sink')");
        } finally {
            Files.delete(cfg);
        }
    }

    /** Last: restarts the gateway. */
    @Test
    @Order(Integer.MAX_VALUE)
    void aRestartBringsTheScenarioBackFromTheInstallersRecord() throws Exception {
        await("all three tanks on the UNS",
                () -> TANKS.stream().allMatch(tank -> latestByTopic.containsKey(AREA + tank)));
        gateway = scenario.restartGateway(tmp, "gateway-2.out");
        shell = gateway.getOutputStream();
        Instant restarted = Instant.now();

        await("every tank published again after the restart", () -> TANKS.stream().allMatch(tank -> {
            JsonNode record = latestByTopic.get(AREA + tank);
            return record != null && Instant.parse(record.path("timestamp").asText()).isAfter(restarted)
                    && record.path("context").has("batchId");
        }));
        // The bundle cache was rebuilt; the installer put the feature's bundles back from its own record. It logs that
        // once every restored bundle has started, which can be after the MQTT sink (started earlier) published the
        // tanks: the Kafka sink's start takes a while on a loaded machine. So the line is waited for, not expected.
        // Failures are logged before it, so once it is there the output has them.
        Pattern restoredLine = Pattern.compile("Restored \\d+ bundle\\(s\\) installed at run time \\(installed "
                + "features \\[io.plantwire:io.plantwire.feature.chemical-tanks-demo:");
        await("the installer's restore logged", () -> restoredLine.matcher(outputSince(0)).find());
        assertThat(outputSince(0)).doesNotContain("Could not restore").doesNotContain("is already installed");
    }

    private String outputSince(long offset) {
        try {
            byte[] all = Files.readAllBytes(scenario.output());
            return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private void await(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (!gateway.isAlive()) {
                fail("gateway exited with " + gateway.exitValue() + ": " + tail());
            }
            if (System.nanoTime() > deadline) {
                fail("not within " + TIMEOUT + ": " + what + "; seen topics " + latestByTopic.keySet()
                        + "; gateway output: " + tail());
            }
            Thread.sleep(200);
        }
    }

    private String tail() {
        return scenario.tail(40);
    }
}
