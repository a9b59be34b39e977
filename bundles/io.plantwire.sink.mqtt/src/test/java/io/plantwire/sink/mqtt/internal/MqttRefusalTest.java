package io.plantwire.sink.mqtt.internal;

import static io.plantwire.sink.mqtt.internal.MqttSinkTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.ContextValue;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Value;
import io.plantwire.store.deadletter.DeadLetter;
import io.plantwire.test.support.Configs;
import io.plantwire.test.support.MosquittoBroker;

/**
 * Refusals by a real Mosquitto (MQTT 5): an ACL that denies a topic (PUBACK 0x87, temporary: retried with back-off,
 * then dead-lettered, then replayed once the ACL allows it), a message over {@code message_size_limit} and one over
 * the broker's Maximum Packet Size (permanent: dead-lettered at once). The other tanks keep flowing, in order.
 */
class MqttRefusalTest {

    static final String T1 = "uns/acme/rotterdam/tankfarm/line-1/cell-a/tank-1";
    static final String T2 = "uns/acme/rotterdam/tankfarm/line-1/cell-a/tank-2";

    @TempDir
    Path dir;

    MosquittoBroker broker;
    final List<AutoCloseable> closeLater = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (int i = closeLater.size() - 1; i >= 0; i--) {
            closeLater.get(i).close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    MosquittoBroker broker(String... lines) throws Exception {
        Path bd = dir.resolve("broker");
        Files.createDirectories(bd);
        broker = new MosquittoBroker(bd).with(lines).start();
        return broker;
    }

    MqttSink sink(Object... config) throws Exception {
        Object[] all = new Object[config.length + 10];
        System.arraycopy(new Object[] { "broker_url", broker.tcpUrl(), "store_directory",
                dir.resolve("store").toString(), "topic_prefix", "uns", "reconnect_delay_min_ms", 10L,
                "reconnect_delay_max_ms", 80L }, 0, all, 0, 10);
        System.arraycopy(config, 0, all, 10, config.length);
        MqttSink s = new MqttSink(Configs.of(MqttSinkConfig.class, all), dir);
        closeLater.add(s::deactivate);
        return s;
    }

    TestSubscriber subscriber() throws Exception {
        TestSubscriber s = new TestSubscriber(broker.tcpUrl(), "uns/#", 1);
        closeLater.add(s);
        return s;
    }

    static AssetRecord bigTankRecord(int tank, long seq, int contextChars) {
        Instant now = Instant.now();
        return AssetRecord.builder(Records.tank(tank), "ChemicalTank", now)
                .field("seq", new FieldValue(Value.of(seq), "", Quality.GOOD, now))
                .context("note", ContextValue.of("x".repeat(contextChars), now)).build();
    }

    @Test
    void aTopicDeniedByTheAclIsRetriedThenDeadLetteredAndReplayedWhenAllowed() throws Exception {
        Path acl = dir.resolve("acl");
        Files.writeString(acl, "topic readwrite plantwire/#\ntopic readwrite " + T1 + "\ntopic read uns/#\n");
        broker("acl_file " + acl);
        TestSubscriber sub = subscriber();
        MqttSink sink = sink("refusal_retry_max_attempts", 3);
        // three denied messages in flight together, between allowed ones
        sink.accept(Records.tankRecord(1, 0));
        sink.accept(Records.tankRecord(2, 0));
        sink.accept(Records.tankRecord(2, 1));
        sink.accept(Records.tankRecord(1, 1));
        sink.accept(Records.tankRecord(2, 2));
        sink.accept(Records.tankRecord(1, 2));

        await("tank-2 dead-lettered", () -> sink.deadLetters().stats().records() == 3);
        await("backlog delivered", () -> sink.status().backlog() == 0);
        await("tank-1 complete", () -> Records.firstArrivals(List.copyOf(sub.received))
                .getOrDefault(T1, List.of()).size() == 3);
        Map<String, List<Long>> arrivals = Records.firstArrivals(List.copyOf(sub.received));
        assertThat(arrivals.get(T1)).containsExactly(0L, 1L, 2L); // order kept across the retries
        assertThat(arrivals).doesNotContainKey(T2);
        // per message, attempts 1 and 2 were retried after a back-off, the third went to the dead letters; each
        // dead-lettered once, in order. At least 6 retried refusals, not exactly: Mosquitto 2.0 sometimes cuts the
        // connection around a denied publish ("Connection reset" in the log), and with such a cut the count was 8 in
        // two CI runs (cause not pinned down); the dead letters' "3 times" below pins the attempts per message.
        assertThat(sink.publisher().retriedRefusals()).isGreaterThanOrEqualTo(6);
        List<DeadLetter> dead = sink.deadLetters().peek(10);
        assertThat(dead).extracting(x -> Records.seqOf(new String(x.payload(), StandardCharsets.UTF_8)
                .substring(new String(x.payload(), StandardCharsets.UTF_8).indexOf('{')))).containsExactly(0L, 1L, 2L);
        DeadLetter d = dead.get(0);
        assertThat(d.code()).isEqualTo("0x87");
        assertThat(d.destination()).isEqualTo(T2);
        assertThat(d.reason()).contains("not authorized").contains("3 times");
        assertThat(sink.status().lastError()).contains("3 dead letters kept");

        // the operator fixes the ACL; the dead letter survives the broker restart and is replayed
        Files.writeString(acl, "topic readwrite plantwire/#\ntopic readwrite uns/#\n");
        long connectsBefore = sink.publisher().connects();
        broker.stop();
        broker.start();
        TestSubscriber after = subscriber(); // a fresh consumer: this test is about the sink, not session resumption
        await("reconnected", () -> sink.publisher().connects() > connectsBefore);
        assertThat(sink.deadLetters().replay(10)).isEqualTo(3);
        await("tank-2 delivered after the replay", () -> Records.firstArrivals(List.copyOf(after.received))
                .getOrDefault(T2, List.of()).size() == 3);
        assertThat(Records.firstArrivals(List.copyOf(after.received)).get(T2)).containsExactly(0L, 1L, 2L);
        assertThat(sink.deadLetters().stats().records()).isZero();
        assertThat(sink.deadLetters().stats().replayed()).isEqualTo(3);
    }

    @Test
    void aMessageOverTheBrokersMessageSizeLimitGoesToTheDeadLettersAndTheOthersFlow() throws Exception {
        broker("message_size_limit 2000");
        TestSubscriber sub = subscriber();
        MqttSink sink = sink("refusal_retry_max_attempts", 3);
        sink.accept(Records.tankRecord(1, 0));
        sink.accept(bigTankRecord(2, 0, 5000));
        sink.accept(Records.tankRecord(1, 1));
        await("dead-lettered", () -> sink.deadLetters().stats().records() == 1);
        await("tank-1 delivered", () -> Records.firstArrivals(List.copyOf(sub.received))
                .getOrDefault(T1, List.of()).size() == 2);
        await("backlog delivered", () -> sink.status().backlog() == 0);
        assertThat(Records.firstArrivals(List.copyOf(sub.received)).get(T1)).containsExactly(0L, 1L);
        DeadLetter d = sink.deadLetters().peek(1).get(0);
        assertThat(d.destination()).isEqualTo(T2);
        // Mosquitto 2.0 answers with a PUBACK code Paho 1.2.5 rejects (50001, the code itself is lost): found by
        // publishing one message at a time, retried as temporary, then dead-lettered
        assertThat(d.code()).isEqualTo("invalid");
        assertThat(d.reason()).contains("50001").contains("3 times");
        assertThat(sink.publisher().retriedRefusals()).isEqualTo(2);
        assertThat(new String(d.payload(), StandardCharsets.ISO_8859_1)).contains("x".repeat(5000));
        assertThat(sub.on(T2)).isEmpty();
    }

    @Test
    void aMessageOverTheBrokersMaximumPacketSizeIsDeadLetteredWithoutCuttingTheConnection() throws Exception {
        broker("max_packet_size 2000");
        TestSubscriber sub = subscriber();
        MqttSink sink = sink();
        sink.accept(Records.tankRecord(1, 0));
        sink.accept(bigTankRecord(2, 0, 5000));
        sink.accept(Records.tankRecord(1, 1));
        await("dead-lettered", () -> sink.deadLetters().stats().records() == 1);
        await("tank-1 delivered", () -> Records.firstArrivals(List.copyOf(sub.received))
                .getOrDefault(T1, List.of()).size() == 2);
        DeadLetter d = sink.deadLetters().peek(1).get(0);
        assertThat(d.code()).isEqualTo("0x95");
        assertThat(d.reason()).contains("Maximum Packet Size of 2000 bytes");
        assertThat(sink.publisher().connects()).isEqualTo(1); // refused before sending: no reconnect
        assertThat(sink.publisher().retriedRefusals()).isZero();
        assertThat(sub.on(T2)).isEmpty();
    }
}
