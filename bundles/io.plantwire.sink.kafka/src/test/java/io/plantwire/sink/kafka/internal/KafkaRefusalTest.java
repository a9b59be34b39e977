package io.plantwire.sink.kafka.internal;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.ContextValue;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Value;
import io.plantwire.store.deadletter.DeadLetter;
import io.plantwire.test.support.Configs;

/**
 * Refusals by a real Kafka broker: a record larger than its topic's {@code max.message.bytes}, one larger than the
 * producer's {@code max.request.size}, and a topic Kafka does not let clients write. Each goes to the sink's dead
 * letters with its reason; the records around it are delivered in order; a replay after the cause is fixed delivers
 * it.
 */
class KafkaRefusalTest {

    static TestKafka kafka;

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

    private KafkaSink sink(String name, Map<String, Object> extra) throws Exception {
        Map<String, Object> c = new HashMap<>();
        c.put("plantwire.stage.name", name);
        c.put("bootstrap.servers", kafka.bootstrapServers());
        c.put("store.directory", dir.resolve(name).toString());
        c.put("compression.type", "none"); // the size limits must see the real size
        c.put("retry.backoff.min.ms", 20L);
        c.put("retry.backoff.max.ms", 200L);
        c.putAll(extra);
        return new KafkaSink(Configs.ofProperties(KafkaSinkConfig.class, c), (Path) null);
    }

    private Admin admin() {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        return Admin.create(p);
    }

    /** Tank record {@code seq} with an incompressible context value of {@code size} characters. */
    static AssetRecord bulkyRecord(int tank, long seq, int size) {
        Instant t = Records.T0.plusMillis(seq);
        StringBuilder noise = new StringBuilder(size);
        Random r = new Random(seq);
        for (int i = 0; i < size; i++) {
            noise.append((char) ('a' + r.nextInt(26)));
        }
        return AssetRecord.builder(Records.tank(tank), "ChemicalTank", t)
                .field("power", new FieldValue(Value.of(seq), "kW", Quality.GOOD, t))
                .context("note", ContextValue.of(noise.toString(), t)).build();
    }

    @Test
    void aRecordOverTheTopicsMaxMessageBytesIsDeadLetteredAndReplayedAfterTheLimitIsRaised() throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic("big.tank-2", 1, (short) 1)
                    // above batch.size (131072): below it the producer splits and resends until its delivery
                    // timeout instead of failing the record (KAFKA-8350)
                    .configs(Map.of("max.message.bytes", "200000")))).all().get();
        }
        KafkaSink sink = sink("big", Map.of("topic.template", "big.{asset}"));
        try {
            sink.accept(Records.tankRecord(1, 0));
            sink.accept(Records.tankRecord(2, 0));
            sink.accept(bulkyRecord(2, 1, 300_000)); // under max.request.size, refused by the broker
            sink.accept(Records.tankRecord(2, 2));
            sink.accept(Records.tankRecord(1, 1));
            await().atMost(Duration.ofSeconds(60)).until(() -> sink.status().backlog() == 0);

            List<DeadLetter> dead = sink.deadLetters().peek(10);
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).code()).isEqualTo("RecordTooLargeException");
            assertThat(dead.get(0).destination()).isEqualTo("big.tank-2");
            assertThat(dead.get(0).reason()).isNotEmpty();
            List<ConsumerRecord<byte[], byte[]>> got = kafka.readAll(List.of("big.tank-1", "big.tank-2"), 4,
                    Duration.ofSeconds(30));
            Map<String, List<Long>> seqs = Records.dedupedSequencesByKey(got);
            assertThat(seqs.get("acme/rotterdam/tankfarm/line-1/cell-a/tank-1")).containsExactly(0L, 1L);
            assertThat(seqs.get("acme/rotterdam/tankfarm/line-1/cell-a/tank-2")).containsExactly(0L, 2L);
            assertThat(sink.status().delivered()).isEqualTo(4);
            assertThat(sink.status().lastError()).contains("1 records refused by Kafka")
                    .contains("1 dead letters kept");

            // the cluster owner raises the limit; the operator replays
            try (Admin admin = admin()) {
                admin.incrementalAlterConfigs(Map.of(
                        new org.apache.kafka.common.config.ConfigResource(
                                org.apache.kafka.common.config.ConfigResource.Type.TOPIC, "big.tank-2"),
                        List.of(new org.apache.kafka.clients.admin.AlterConfigOp(
                                new org.apache.kafka.clients.admin.ConfigEntry("max.message.bytes", "1000000"),
                                org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET)))).all().get();
            }
            assertThat(sink.deadLetters().replay(Integer.MAX_VALUE)).isEqualTo(1);
            await().atMost(Duration.ofSeconds(60)).until(() -> sink.status().delivered() == 5);
            List<ConsumerRecord<byte[], byte[]>> after = kafka.readAll(List.of("big.tank-2"), 3,
                    Duration.ofSeconds(30));
            assertThat(after).extracting(Records::seq).containsExactly(0L, 2L, 1L);
            assertThat(sink.deadLetters().stats().records()).isZero();
        } finally {
            sink.deactivate();
        }
    }

    @Test
    void aRecordOverMaxRequestSizeIsDeadLetteredWithoutBlockingTheOthers() throws Exception {
        KafkaSink sink = sink("request", Map.of("topic.template", "request.{asset}",
                "producer.properties", new String[] { "max.request.size=8000" }));
        try {
            sink.accept(Records.tankRecord(1, 0));
            sink.accept(bulkyRecord(1, 1, 20_000));
            sink.accept(Records.tankRecord(1, 2));
            await().atMost(Duration.ofSeconds(60)).until(() -> sink.status().backlog() == 0);
            assertThat(sink.deadLetters().peek(10)).singleElement()
                    .satisfies(d -> assertThat(d.code()).isEqualTo("RecordTooLargeException"));
            List<ConsumerRecord<byte[], byte[]>> got = kafka.readAll(List.of("request.tank-1"), 2,
                    Duration.ofSeconds(30));
            assertThat(got).extracting(Records::seq).containsExactly(0L, 2L);
        } finally {
            sink.deactivate();
        }
        // the dead letter survives a restart of the sink
        KafkaSink again = sink("request", Map.of("topic.template", "request.{asset}"));
        try {
            assertThat(again.deadLetters().stats().records()).isEqualTo(1);
            assertThat(again.deadLetters().peek(1).get(0).destination()).isEqualTo("request.tank-1");
        } finally {
            again.deactivate();
        }
    }

    @Test
    void aTopicKafkaDoesNotLetClientsWriteIsDeadLettered() throws Exception {
        // a literal template: every record of this sink goes to Kafka's internal offsets topic
        KafkaSink sink = sink("internal", Map.of("topic.template", "__consumer_offsets"));
        try {
            sink.accept(Records.tankRecord(2, 0));
            sink.accept(Records.tankRecord(1, 0));
            await().atMost(Duration.ofSeconds(60)).until(() -> sink.status().backlog() == 0);
            List<DeadLetter> dead = sink.deadLetters().peek(10);
            assertThat(dead).hasSize(2).allSatisfy(d -> {
                assertThat(d.destination()).isEqualTo("__consumer_offsets");
                assertThat(d.code()).isEqualTo("InvalidTopicException");
            });
            assertThat(sink.status().delivered()).isZero();
        } finally {
            sink.deactivate();
        }
    }
}
