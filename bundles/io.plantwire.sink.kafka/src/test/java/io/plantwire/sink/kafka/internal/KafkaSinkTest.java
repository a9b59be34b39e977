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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.plantwire.api.stage.PublishPreview;
import io.plantwire.test.support.Configs;

/** The sink against a real Kafka broker (KRaft test kit). */
class KafkaSinkTest {

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
        c.put("gateway.id", "gw-7");
        c.put("store.directory", dir.resolve(name).toString());
        c.putAll(extra);
        return new KafkaSink(Configs.ofProperties(KafkaSinkConfig.class, c), (Path) null);
    }

    @Test
    void publishesEachTankToItsOwnTopicWithKeyHeadersAndJson() throws Exception {
        KafkaSink sink = sink("plain", Map.of("topic.template", "plain.{site}.{asset}"));
        int perTank = 500;
        try {
            for (long s = 0; s < perTank; s++) {
                for (int t = 1; t <= 3; t++) {
                    sink.accept(Records.tankRecord(t, s));
                }
            }
            List<ConsumerRecord<byte[], byte[]>> got = kafka.readAll(
                    List.of("plain.rotterdam.tank-1", "plain.rotterdam.tank-2", "plain.rotterdam.tank-3"),
                    3 * perTank, Duration.ofSeconds(60));

            assertThat(got).hasSize(3 * perTank);
            Map<String, List<Long>> byTopic = got.stream().collect(Collectors.groupingBy(ConsumerRecord::topic,
                    Collectors.mapping(Records::seq, Collectors.toList())));
            List<Long> expected = LongStream.range(0, perTank).boxed().toList();
            assertThat(byTopic).containsOnlyKeys("plain.rotterdam.tank-1", "plain.rotterdam.tank-2",
                    "plain.rotterdam.tank-3");
            byTopic.values().forEach(seqs -> assertThat(seqs).isEqualTo(expected));

            ConsumerRecord<byte[], byte[]> first = got.stream()
                    .filter(r -> r.topic().equals("plain.rotterdam.tank-2")).findFirst().orElseThrow();
            assertThat(new String(first.key(), StandardCharsets.UTF_8))
                    .isEqualTo("acme/rotterdam/tankfarm/line-1/cell-a/tank-2");
            assertThat(Records.header(first, "plantwire.schema")).isEqualTo("plantwire.uns.asset/1");
            assertThat(Records.header(first, "plantwire.asset.type")).isEqualTo("ChemicalTank");
            assertThat(Records.header(first, "plantwire.gateway")).isEqualTo("gw-7");
            assertThat(Records.header(first, "content-type")).isEqualTo("application/json");
            assertThat(first.timestamp()).isEqualTo(Records.T0.toEpochMilli());
            assertThat(new String(first.value(), StandardCharsets.UTF_8)).isEqualTo(
                    "{\"schema\":\"plantwire.uns.asset/1\",\"path\":\"acme/rotterdam/tankfarm/line-1/cell-a/tank-2\","
                            + "\"isa95\":{\"enterprise\":\"acme\",\"site\":\"rotterdam\",\"area\":\"tankfarm\","
                            + "\"line\":\"line-1\",\"cell\":\"cell-a\",\"asset\":\"tank-2\"},"
                            + "\"assetType\":\"ChemicalTank\",\"timestamp\":\"2026-11-25T10:00:00Z\","
                            + "\"fields\":{\"power\":{\"value\":0,\"type\":\"INTEGER\",\"unit\":\"kW\","
                            + "\"quality\":\"GOOD\",\"timestamp\":\"2026-11-25T10:00:00Z\"},"
                            + "\"temperature\":{\"value\":21.5,\"type\":\"FLOATING\",\"unit\":\"Cel\","
                            + "\"quality\":\"GOOD\",\"timestamp\":\"2026-11-25T10:00:00Z\"}},"
                            + "\"context\":{\"batch\":{\"value\":\"B-0815\",\"asOf\":\"2026-11-25T10:00:00Z\","
                            + "\"stale\":false}}}");

            await().atMost(Duration.ofSeconds(30)).until(() -> sink.status().backlog() == 0);
            assertThat(sink.status().delivered()).isEqualTo(3L * perTank);
            assertThat(sink.status().dropped()).isZero();
            assertThat(sink.status().connected()).isTrue();
            assertThat(sink.storeStats().acknowledged()).isEqualTo(3L * perTank);
        } finally {
            sink.deactivate();
        }
    }

    @Test
    void previewShowsTopicKeyHeadersAndTheJsonValueWithoutQueueing() throws Exception {
        KafkaSink sink = sink("preview", Map.of("topic.template", "preview.{asset}"));
        try {
            List<PublishPreview.Publication> preview = sink.preview(Records.tankRecord(2, 0));
            assertThat(preview).singleElement().satisfies(p -> {
                assertThat(p.destination()).startsWith("topic preview.tank-2, key acme/rotterdam/tankfarm/line-1/"
                        + "cell-a/tank-2, header plantwire.schema=plantwire.uns.asset/1");
                assertThat(p.payload()).isEqualTo(new String(sink.toKafka(Records.tankRecord(2, 0)).value(),
                        StandardCharsets.UTF_8));
            });
            assertThat(sink.status().backlog()).isZero();
            assertThat(sink.storeStats().records()).isZero();
        } finally {
            sink.deactivate();
        }
    }

    @Test
    void defaultTopicIsTheIsa95PathJoinedByDots() throws Exception {
        KafkaSink sink = sink("default-topic", Map.of());
        try {
            assertThat(sink.toKafka(Records.tankRecord(1, 0)).topic())
                    .isEqualTo("acme.rotterdam.tankfarm.line-1.cell-a.tank-1");
        } finally {
            sink.deactivate();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "none", "gzip", "snappy", "lz4", "zstd" })
    void everyCompressionCodecDelivers(String codec) throws Exception {
        KafkaSink sink = sink("codec-" + codec,
                Map.of("compression.type", codec, "topic.template", "codec-" + codec + ".{asset}"));
        try {
            for (long s = 0; s < 50; s++) {
                sink.accept(Records.tankRecord(1, s));
            }
            List<ConsumerRecord<byte[], byte[]>> got = kafka.readAll(List.of("codec-" + codec + ".tank-1"), 50,
                    Duration.ofSeconds(60));
            assertThat(got).extracting(Records::seq).isEqualTo(LongStream.range(0, 50).boxed().toList());
        } finally {
            sink.deactivate();
        }
    }

    @Test
    void aRecordKafkaCanNeverTakeIsDeadLetteredAndDoesNotBlockTheOthers() throws Exception {
        // max.request.size 1 MiB (producer default): a 2 MB context value can never be sent.
        KafkaSink sink = sink("too-large", Map.of("topic.template", "too-large.{asset}"));
        try {
            sink.accept(Records.tankRecord(1, 0));
            sink.accept(Records.tankRecord(1, 1).withContext("notes",
                    io.plantwire.api.model.ContextValue.of("x".repeat(2_000_000), Records.T0)));
            sink.accept(Records.tankRecord(1, 2));
            List<ConsumerRecord<byte[], byte[]>> got = kafka.readAll(List.of("too-large.tank-1"), 2,
                    Duration.ofSeconds(60));
            assertThat(got).extracting(Records::seq).containsExactly(0L, 2L);
            await().atMost(Duration.ofSeconds(30)).until(() -> sink.status().backlog() == 0);
            assertThat(sink.status().dropped()).isEqualTo(1);
            assertThat(sink.status().delivered()).isEqualTo(2);
            assertThat(sink.status().lastError()).contains("refused by Kafka (RecordTooLargeException")
                    .contains("moved to the dead letters");
            assertThat(sink.deadLetters().stats().records()).isEqualTo(1);
        } finally {
            sink.deactivate();
        }
    }

    @Test
    void backlogKeptOverARestartOfTheSinkIsDeliveredAfterwards() throws Exception {
        // A broker that does not exist: everything stays in the store.
        Map<String, Object> unreachable = Map.of("bootstrap.servers", "127.0.0.1:1", "topic.template",
                "restart.{asset}", "max.block.ms", 500L, "retry.backoff.max.ms", 1000L);
        KafkaSink down = sink("restart", unreachable);
        for (long s = 0; s < 300; s++) {
            down.accept(Records.tankRecord(3, s));
        }
        assertThat(down.status().backlog()).isEqualTo(300);
        down.deactivate();

        KafkaSink up = sink("restart", Map.of("topic.template", "restart.{asset}"));
        try {
            assertThat(up.storeStats().records()).isEqualTo(300);
            List<ConsumerRecord<byte[], byte[]>> got = kafka.readAll(List.of("restart.tank-3"), 300,
                    Duration.ofSeconds(60));
            assertThat(got).extracting(Records::seq).isEqualTo(LongStream.range(0, 300).boxed().toList());
            await().atMost(Duration.ofSeconds(30)).until(() -> up.status().backlog() == 0);
        } finally {
            up.deactivate();
        }
    }
}
