package io.plantwire.sink.kafka.internal;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.plantwire.test.support.Configs;
import io.plantwire.test.support.MosquittoBroker;

/**
 * Bridge mode end to end: a real MQTT broker (a private Mosquitto) to a real Kafka
 * broker (KRaft test kit).
 */
class MqttKafkaBridgeTest {

    static TestKafka kafka;

    MosquittoBroker mqtt;
    MqttClient plant;

    @TempDir
    Path dir;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = new TestKafka();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @BeforeEach
    void startMqtt() throws Exception {
        mqtt = new MosquittoBroker().start();
        plant = new MqttClient(mqtt.tcpUrl(), "plant-publisher", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMaxInflight(1000);
        plant.connect(o);
    }

    @AfterEach
    void stopMqtt() throws Exception {
        plant.disconnect();
        plant.close();
        mqtt.close();
    }

    private MqttKafkaBridge bridge(String name, String filter, Map<String, Object> extra) throws Exception {
        Map<String, Object> c = new HashMap<>();
        c.put("name", name);
        c.put("mqtt.broker.url", mqtt.tcpUrl());
        c.put("mqtt.topic.filters", new String[] { filter });
        c.put("bootstrap.servers", kafka.bootstrapServers());
        c.put("gateway.id", "gw-7");
        c.put("store.directory", dir.resolve(name).toString());
        c.putAll(extra);
        MqttKafkaBridge b = new MqttKafkaBridge(Configs.ofProperties(MqttKafkaBridgeConfig.class, c), (Path) null);
        await().atMost(Duration.ofSeconds(30)).until(b::mqttConnected);
        return b;
    }

    private void publish(String site, long from, long to) throws Exception {
        for (long s = from; s < to; s++) {
            for (int t = 1; t <= 3; t++) {
                plant.publish("acme/" + site + "/tankfarm/line-1/cell-a/tank-" + t,
                        Long.toString(s).getBytes(StandardCharsets.UTF_8), 1, false);
            }
        }
    }

    /**
     * Waits until the bridge took n messages from MQTT; when it does not, fails with the bridge's status, the broker's
     * log and the stacks of the MQTT client's and the bridge's threads: what held the intake.
     */
    private void awaitReceived(MqttKafkaBridge bridge, long n) throws Exception {
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> bridge.received() == n);
        } catch (ConditionTimeoutException e) {
            StringBuilder stacks = new StringBuilder();
            Thread.getAllStackTraces().forEach((t, frames) -> {
                if (t.getName().startsWith("MQTT") || t.getName().startsWith("plantwire-")) {
                    stacks.append('\n').append(t.getName()).append(" (").append(t.getState()).append(')');
                    for (StackTraceElement f : frames) {
                        stacks.append("\n    at ").append(f);
                    }
                }
            });
            throw new AssertionError("the bridge received " + bridge.received() + " of " + n + " messages in 30 s; "
                    + "status " + bridge.status() + "; broker log:\n" + mqtt.readLog() + "\nthreads:" + stacks, e);
        }
    }

    private static List<String> topics(String site) {
        return List.of(1, 2, 3).stream().map(t -> "acme." + site + ".tankfarm.line-1.cell-a.tank-" + t).toList();
    }

    private static Map<String, List<Long>> valuesByTopic(List<ConsumerRecord<byte[], byte[]>> got) {
        return got.stream().collect(Collectors.groupingBy(ConsumerRecord::topic,
                Collectors.mapping(r -> Long.parseLong(new String(r.value(), StandardCharsets.UTF_8)),
                        Collectors.toList())));
    }

    @Test
    void forwardsEveryMessageToTheKafkaTopicOfItsMqttTopicInOrder() throws Exception {
        MqttKafkaBridge bridge = bridge("uns", "acme/rotterdam/#", Map.of());
        try {
            publish("rotterdam", 0, 1000);
            awaitReceived(bridge, 3000);
            List<ConsumerRecord<byte[], byte[]>> got = kafka.readAll(topics("rotterdam"), 3000,
                    Duration.ofSeconds(60));
            assertThat(got).hasSize(3000);
            List<Long> expected = LongStream.range(0, 1000).boxed().toList();
            Map<String, List<Long>> byTopic = valuesByTopic(got);
            assertThat(byTopic).containsOnlyKeys(topics("rotterdam"));
            byTopic.values().forEach(v -> assertThat(v).isEqualTo(expected));

            ConsumerRecord<byte[], byte[]> r = got.get(0);
            String mqttTopic = new String(r.key(), StandardCharsets.UTF_8);
            assertThat(mqttTopic).startsWith("acme/rotterdam/tankfarm/line-1/cell-a/tank-");
            assertThat(Records.header(r, "plantwire.mqtt.topic")).isEqualTo(mqttTopic);
            assertThat(Records.header(r, "plantwire.mqtt.qos")).isEqualTo("1");
            assertThat(Records.header(r, "plantwire.mqtt.retained")).isEqualTo("false");
            assertThat(Records.header(r, "plantwire.gateway")).isEqualTo("gw-7");

            await().atMost(Duration.ofSeconds(30)).until(() -> bridge.storeStats().records() == 0);
            assertThat(bridge.received()).isEqualTo(3000);
            assertThat(bridge.forwarder().status().delivered()).isEqualTo(3000);
        } finally {
            bridge.deactivate();
        }
    }

    @Test
    void aMessageOverMaxMessageBytesIsRefusedBeforeTheStoreCountedAndTheOthersFlow() throws Exception {
        MqttKafkaBridge bridge = bridge("sizes", "acme/breda/#", Map.of("mqtt.max.message.bytes", 1000));
        try {
            String topic = "acme/breda/tankfarm/line-1/cell-a/tank-1";
            int topicBytes = topic.length();
            plant.publish(topic, "1".getBytes(StandardCharsets.UTF_8), 1, false);
            plant.publish(topic, new byte[1000 - topicBytes + 1], 1, false); // one byte over, with the topic
            plant.publish(topic, new byte[1000 - topicBytes], 1, false); // exactly at the bound: forwarded
            plant.publish(topic, new byte[5_000], 1, false);
            plant.publish(topic, "2".getBytes(StandardCharsets.UTF_8), 1, false);
            await().atMost(Duration.ofSeconds(30)).until(() -> bridge.received() == 3 && bridge.refusedOversize() == 2);

            List<ConsumerRecord<byte[], byte[]>> got = kafka.readAll(
                    List.of("acme.breda.tankfarm.line-1.cell-a.tank-1"), 3, Duration.ofSeconds(60));
            assertThat(got).extracting(r -> r.value().length).containsExactly(1, 1000 - topicBytes, 1);
            assertThat(new String(got.get(2).value(), StandardCharsets.UTF_8)).isEqualTo("2");
            await().atMost(Duration.ofSeconds(30)).until(() -> bridge.storeStats().records() == 0);
            assertThat(bridge.storeStats().dropped() + bridge.storeStats().rejected()).isZero();
            Map<String, Object> status = bridge.status();
            assertThat(status.get("refusedOversize")).isEqualTo(2L);
            assertThat((String) status.get("lastRefusal")).contains(topic).contains("5000 payload bytes")
                    .contains("mqtt.max.message.bytes 1000");
            // Acknowledged, not left for the broker to send again: still exactly two after everything drained.
            assertThat(bridge.refusedOversize()).isEqualTo(2);
        } finally {
            bridge.deactivate();
        }
    }

    @Test
    void maxMessageBytesOutsideItsRangeNamesTheFieldAndValue() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bridge("bad-size", "acme/#",
                Map.of("mqtt.max.message.bytes", 0))).hasMessageContaining("mqtt.max.message.bytes")
                .hasMessageContaining("got 0");
    }

    @Test
    void messagesPublishedWhileTheBridgeIsDownArriveAfterItComesBack() throws Exception {
        MqttKafkaBridge first = bridge("session", "acme/delft/#", Map.of());
        publish("delft", 0, 100);
        awaitReceived(first, 300);
        first.deactivate();
        // The broker keeps the persistent session (clean session off) and queues these for the bridge.
        publish("delft", 100, 200);
        MqttKafkaBridge second = bridge("session", "acme/delft/#", Map.of());
        try {
            List<ConsumerRecord<byte[], byte[]>> got = kafka.readAll(topics("delft"), 600, Duration.ofSeconds(60));
            List<Long> expected = LongStream.range(0, 200).boxed().toList();
            Map<String, List<Long>> byTopic = valuesByTopic(got);
            assertThat(byTopic).containsOnlyKeys(topics("delft"));
            byTopic.values().forEach(v -> assertThat(v).isEqualTo(expected));
        } finally {
            second.deactivate();
        }
    }

    @Test
    void kafkaStoppedWhileBridgingLosesNothing() throws Exception {
        MqttKafkaBridge bridge = bridge("outage", "acme/venlo/#", Map.of("delivery.timeout.ms", 3000,
                "request.timeout.ms", 1000, "max.block.ms", 1000L, "retry.backoff.min.ms", 200L,
                "retry.backoff.max.ms", 1000L));
        try {
            publish("venlo", 0, 300);
            await().atMost(Duration.ofSeconds(30)).until(() -> bridge.forwarder().status().delivered() > 0);
            kafka.stop();
            try {
                publish("venlo", 300, 1000);
                awaitReceived(bridge, 3000);
                Thread.sleep(4000); // longer than delivery.timeout.ms
                assertThat(bridge.storeStats().records()).isPositive();
            } finally {
                kafka.start();
            }
            await().atMost(Duration.ofSeconds(90)).until(() -> bridge.storeStats().records() == 0);
            List<ConsumerRecord<byte[], byte[]>> got = kafka.readAll(topics("venlo"), 3000, Duration.ofSeconds(60));
            long distinct = got.stream().map(Records::position).distinct().count();
            System.out.printf("bridge outage test: received %d, read %d (%d distinct), resends %d%n",
                    bridge.received(), got.size(), distinct, bridge.forwarder().resends());
            assertThat(distinct).isEqualTo(3000);
            // Drop repeats by store position, then each MQTT topic's messages are all there, in order.
            Map<String, List<Long>> byKey = new HashMap<>();
            Map<String, Long> last = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : got) {
                String key = new String(r.key(), StandardCharsets.UTF_8);
                if (Records.position(r) > last.getOrDefault(key, -1L)) {
                    last.put(key, Records.position(r));
                    byKey.computeIfAbsent(key, k -> new java.util.ArrayList<>())
                            .add(Long.parseLong(new String(r.value(), StandardCharsets.UTF_8)));
                }
            }
            List<Long> expected = LongStream.range(0, 1000).boxed().toList();
            assertThat(byKey).hasSize(3);
            byKey.values().forEach(v -> assertThat(v).isEqualTo(expected));
            assertThat(bridge.forwarder().resends()).isPositive();
        } finally {
            bridge.deactivate();
        }
    }
}
