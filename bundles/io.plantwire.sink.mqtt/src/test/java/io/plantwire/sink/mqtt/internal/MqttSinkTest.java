package io.plantwire.sink.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.stage.PublishPreview;
import io.plantwire.api.stage.SinkRejectedException;
import io.plantwire.api.stage.SinkStatus;
import io.plantwire.test.support.Configs;
import io.plantwire.test.support.MosquittoBroker;

/** The sink against a real Mosquitto, with MQTT 5 (and with 3.1.1 in {@link MqttSinkV311Test}). */
class MqttSinkTest {

    static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    MosquittoBroker broker;
    final List<AutoCloseable> closeLater = new ArrayList<>();

    @BeforeEach
    void startBroker() throws Exception {
        broker = new MosquittoBroker(dir.resolve("broker").toFile().mkdirs() ? dir.resolve("broker") : null).start();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (int i = closeLater.size() - 1; i >= 0; i--) {
            closeLater.get(i).close();
        }
        broker.close();
    }

    /** The MQTT version under test; the 3.1.1 subclass overrides it. */
    String mqttVersion() {
        return "5";
    }

    MqttSink sink(Object... config) throws Exception {
        Object[] all = new Object[config.length + 6];
        all[0] = "broker_url";
        all[1] = broker.tcpUrl();
        all[2] = "store_directory";
        all[3] = dir.resolve("store").toString();
        all[4] = "mqtt_version";
        all[5] = mqttVersion();
        System.arraycopy(config, 0, all, 6, config.length);
        MqttSink s = new MqttSink(Configs.of(MqttSinkConfig.class, all), dir);
        closeLater.add(s::deactivate);
        return s;
    }

    TestSubscriber subscriber(String filter, int qos) throws Exception {
        TestSubscriber s = new TestSubscriber(broker.tcpUrl(), filter, qos);
        closeLater.add(s);
        return s;
    }

    static void await(String what, BooleanSupplier condition) {
        org.awaitility.Awaitility.await(what).atMost(PATIENCE).pollInterval(java.time.Duration.ofMillis(20))
                .until(condition::getAsBoolean);
    }

    @Test
    void publishesEachRecordOnItsIsa95TopicWithTheDocumentedPayload() throws Exception {
        TestSubscriber sub = subscriber("uns/#", 1);
        MqttSink sink = sink("topic_prefix", "uns");
        sink.accept(Records.tankRecord(1, 0));
        sink.accept(Records.tankRecord(2, 0));
        sink.accept(Records.tankRecord(1, 1));
        String t1 = "uns/acme/rotterdam/tankfarm/line-1/cell-a/tank-1";
        await("3 records", () -> sub.received.size() == 3);
        assertThat(sub.on(t1)).extracting(r -> Records.seqOf(r.payload())).containsExactly(0L, 1L);
        String json = sub.on(t1).get(0).payload();
        assertThat(json).startsWith("{\"schema\":\"plantwire.uns.asset/1\",\"path\":\"acme/rotterdam/tankfarm/"
                + "line-1/cell-a/tank-1\",\"isa95\":{\"enterprise\":\"acme\",\"site\":\"rotterdam\",\"area\":"
                + "\"tankfarm\",\"line\":\"line-1\",\"cell\":\"cell-a\",\"asset\":\"tank-1\"},\"assetType\":"
                + "\"ChemicalTank\",\"timestamp\":\"");
        assertThat(json).contains("\"power\":{\"value\":13.5,\"type\":\"FLOATING\",\"unit\":\"kW\",\"quality\":"
                + "\"GOOD\",\"timestamp\":\"");
        assertThat(json).contains("\"context\":{\"batch\":{\"value\":\"B-4711\",\"asOf\":\"");
        assertThat(sub.on(t1).get(0).qos()).isEqualTo(1);
        assertThat(sub.on(t1).get(0).retained()).isFalse();
        await("delivered counted", () -> sink.status().delivered() == 3);
        SinkStatus s = sink.status();
        assertThat(s.connected()).isTrue();
        assertThat(s.backlog()).isZero();
        assertThat(s.dropped()).isZero();
        assertThat(s.lastDelivery()).isNotNull();
    }

    @Test
    void previewShowsWhatAcceptWouldPublishAndPublishesNothing() throws Exception {
        TestSubscriber sub = subscriber("uns/#", 1);
        MqttSink sink = sink("topic_prefix", "uns", "field_topics", true);
        AssetRecord record = Records.tankRecord(1, 0);
        List<PublishPreview.Publication> preview = sink.preview(record);
        String t1 = "uns/acme/rotterdam/tankfarm/line-1/cell-a/tank-1";
        // the asset message, then one retained message per field
        assertThat(preview).extracting(PublishPreview.Publication::destination).containsExactly(t1 + " (qos 1)",
                t1 + "/seq (qos 1, retained)", t1 + "/power (qos 1, retained)",
                t1 + "/temperature (qos 1, retained)");
        assertThat(sink.status().backlog()).isZero();

        sink.accept(record);
        await("4 messages", () -> sub.received.size() == 4);
        assertThat(sub.on(t1).get(0).payload()).isEqualTo(preview.get(0).payload());
        assertThat(sub.on(t1 + "/power").get(0).payload()).isEqualTo(preview.get(2).payload());
        await("delivered counted", () -> sink.status().delivered() == 1);
    }

    @Test
    void perFieldTopicsAreRetainedForLateSubscribers() throws Exception {
        MqttSink sink = sink("field_topics", true);
        sink.accept(Records.tankRecord(3, 7));
        await("delivered", () -> sink.status().delivered() == 1);
        // a UNS browser connecting later still sees every field's last value
        TestSubscriber late = subscriber("acme/rotterdam/tankfarm/line-1/cell-a/tank-3/+", 1);
        await("3 retained fields", () -> late.received.size() == 3);
        TestSubscriber.Received power = late.on("acme/rotterdam/tankfarm/line-1/cell-a/tank-3/power").get(0);
        assertThat(power.retained()).isTrue();
        assertThat(power.payload()).startsWith("{\"schema\":\"plantwire.uns.field/1\",\"path\":\"acme/rotterdam/"
                + "tankfarm/line-1/cell-a/tank-3\",\"field\":\"power\",\"value\":15.5,\"type\":\"FLOATING\","
                + "\"unit\":\"kW\",\"quality\":\"GOOD\",\"timestamp\":\"");
    }

    @Test
    void qosZeroAndTwoAndRetainAreApplied() throws Exception {
        TestSubscriber sub = subscriber("#", 2);
        MqttSink q2 = sink("qos", 2, "retain", true, "plantwire_stage_name", "q2", "store_directory",
                dir.resolve("q2").toString());
        MqttSink q0 = sink("qos", 0, "topic_prefix", "q0", "plantwire_stage_name", "q0", "store_directory",
                dir.resolve("q0").toString());
        q2.accept(Records.tankRecord(1, 0));
        q0.accept(Records.tankRecord(1, 0));
        await("both", () -> sub.on("acme/rotterdam/tankfarm/line-1/cell-a/tank-1").size() == 1
                && sub.on("q0/acme/rotterdam/tankfarm/line-1/cell-a/tank-1").size() == 1);
        assertThat(sub.on("acme/rotterdam/tankfarm/line-1/cell-a/tank-1").get(0).qos()).isEqualTo(2);
        assertThat(sub.on("q0/acme/rotterdam/tankfarm/line-1/cell-a/tank-1").get(0).qos()).isZero();
        // retained: a new subscriber gets the QoS 2 record at once
        TestSubscriber late = subscriber("acme/#", 1);
        await("retained record", () -> late.received.stream().anyMatch(TestSubscriber.Received::retained));
        await("both delivered", () -> q2.status().delivered() == 1 && q0.status().delivered() == 1);
    }

    @Test
    void birthAndCleanStopPublishRetainedStatus() throws Exception {
        MqttSink sink = sink("client_id", "gw-7");
        TestSubscriber sub = subscriber("plantwire/gateways/gw-7/status", 1);
        await("online", () -> sub.received.stream().anyMatch(r -> r.payload().equals("online")));
        // a subscriber arriving later gets it from the broker's retained store (live copies carry no retain flag)
        TestSubscriber early = subscriber("plantwire/gateways/gw-7/status", 1);
        await("retained online", () -> early.received.size() == 1);
        assertThat(early.received.peek().payload()).isEqualTo("online");
        assertThat(early.received.peek().retained()).isTrue();
        closeLater.remove(closeLater.size() - 3);
        sink.deactivate();
        await("offline", () -> sub.received.stream().anyMatch(r -> r.payload().equals("offline")));
        TestSubscriber late = subscriber("plantwire/gateways/gw-7/status", 1);
        await("retained offline", () -> late.received.size() == 1);
        assertThat(late.received.peek().payload()).isEqualTo("offline");
        assertThat(late.received.peek().retained()).isTrue();
    }

    @Test
    void deactivateReleasesThreadsSocketsAndTheStore() throws Exception {
        String clientId = "leak-check-" + System.nanoTime();
        MqttSink sink = sink("client_id", clientId, "plantwire_stage_name", "leak-check");
        await("connected", () -> sink.status().connected());
        sink.accept(Records.tankRecord(1, 0));
        await("delivered", () -> sink.status().delivered() == 1);
        assertThat(threadsOf(clientId)).as("Paho threads while running").isNotEmpty();
        assertThat(threadsOf("plantwire-mqtt-publisher leak-check")).hasSize(1);
        closeLater.remove(closeLater.size() - 1);
        sink.deactivate();
        await("threads gone", () -> threadsOf(clientId).isEmpty()
                && threadsOf("plantwire-mqtt-publisher leak-check").isEmpty()
                && threadsOf("plantwire-store-fsync store").isEmpty());
        // the store's directory lock and files are released: another queue can open it at once
        io.plantwire.store.StoreAndForwardQueue.open(dir.resolve("store"),
                io.plantwire.store.QueueOptions.defaults()).close();
    }

    private static List<String> threadsOf(String nameFragment) {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().contains(nameFragment)) {
                names.add(t.getName());
            }
        }
        return names;
    }

    @Test
    void brokerOutageLosesNothingAndKeepsOrderPerAsset() throws Exception {
        TestSubscriber sub = subscriber("acme/#", 1);
        MqttSink sink = sink("reconnect_delay_min_ms", 50L, "reconnect_delay_max_ms", 500L);
        int tanks = 3;
        int perTank = 1500; // 4,500 records at ~450 records/s: ~10 s, with a 5 s outage in the middle
        Thread producer = new Thread(() -> {
            try {
                for (int i = 0; i < perTank; i++) {
                    for (int t = 1; t <= tanks; t++) {
                        sink.accept(Records.tankRecord(t, i));
                    }
                    Thread.sleep(6);
                }
            } catch (SinkRejectedException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        producer.start();
        await("publishing", () -> sink.status().delivered() > 600);
        broker.stop();
        await("sink notices", () -> !sink.status().connected());
        Thread.sleep(5000); // the outage itself: the broker stays away for 5 s while records keep coming
        SinkStatus during = sink.status();
        assertThat(during.connected()).isFalse();
        assertThat(during.backlog()).as("records wait in the store").isGreaterThan(500);
        assertThat(during.lastError()).isNotEmpty();
        broker.start();
        producer.join(PATIENCE.toMillis());
        assertThat(producer.isAlive()).isFalse();
        await("all delivered", () -> sink.status().delivered() >= (long) tanks * perTank
                && sink.status().backlog() == 0);
        List<String> topics = List.of(Records.tank(1).toString(), Records.tank(2).toString(),
                Records.tank(3).toString());
        try {
            await("subscriber has all", () -> Records.firstArrivals(new ArrayList<>(sub.received)).values()
                    .stream().mapToInt(List::size).sum() == tanks * perTank);
        } finally {
            System.out.println("outage test: subscriber received " + sub.received.size() + " delivered " + sink.status());
            Records.firstArrivals(new ArrayList<>(sub.received)).forEach((t, seqs) -> {
                StringBuilder gaps = new StringBuilder();
                for (int i = 1; i < seqs.size(); i++) {
                    if (seqs.get(i) != seqs.get(i - 1) + 1) {
                        gaps.append(seqs.get(i - 1)).append("->").append(seqs.get(i)).append(' ');
                    }
                }
                System.out.println("outage test: " + t + " n=" + seqs.size() + " first=" + seqs.get(0) + " gaps " + gaps);
            });
        }
        Records.assertCompleteAndInOrder(Records.firstArrivals(new ArrayList<>(sub.received)), topics, perTank);
        SinkStatus after = sink.status();
        assertThat(after.connected()).isTrue();
        assertThat(after.dropped()).isZero();
        assertThat(sink.publisher().connects()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void theBrokersReceiveMaximumCapsTheWindowAndNothingIsDropped() throws Exception {
        // a broker announcing receive maximum 5: Paho would refuse a 6th publish in flight with 32202, so the
        // publisher's window is 5, not max.inflight; it stays full without a single refused publish
        broker.stop();
        Path small = dir.resolve("small-broker");
        java.nio.file.Files.createDirectories(small);
        broker = new MosquittoBroker(small).with("max_inflight_messages 5").start();
        TestSubscriber sub = subscriber("acme/#", 1);
        MqttSink sink = sink("max_inflight", 1000);
        int n = 3000;
        for (int i = 0; i < n; i++) {
            sink.accept(Records.tankRecord(1 + i % 2, i / 2));
        }
        await("all delivered", () -> sink.status().delivered() == n);
        assertThat(sink.publisher().sendWindow()).isEqualTo(5);
        assertThat(sink.publisher().inflightFullRetries()).as("no publish refused with 32202").isZero();
        await("subscriber has all", () -> Records.firstArrivals(new ArrayList<>(sub.received)).values().stream()
                .mapToInt(List::size).sum() == n);
        Records.assertCompleteAndInOrder(Records.firstArrivals(new ArrayList<>(sub.received)),
                List.of(Records.tank(1).toString(), Records.tank(2).toString()), n / 2);
        assertThat(sink.status().dropped()).isZero();
    }

    @Test
    void fullStoreWithRejectNewRefusesAndCountsExactly() throws Exception {
        broker.stop(); // nothing leaves the store
        MqttSink sink = sink("store_max_bytes", 65536L, "store_overflow_policy", "REJECT_NEW");
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < 400; i++) {
            try {
                sink.accept(Records.tankRecord(1, i));
                accepted++;
            } catch (SinkRejectedException e) {
                assertThat(e.getMessage()).contains("store full");
                refused++;
            }
        }
        assertThat(refused).isPositive();
        SinkStatus s = sink.status();
        assertThat(s.dropped()).isEqualTo(refused);
        assertThat(s.backlog()).isEqualTo(accepted);
        assertThat(s.lastError()).contains(refused + " records rejected: store full (REJECT_NEW)");
        // the broker comes back: exactly the accepted ones, the oldest, arrive
        TestSubscriber sub;
        broker.start();
        sub = subscriber("acme/#", 1);
        int expected = accepted;
        await("backlog delivered", () -> sink.status().delivered() == expected);
        await("subscriber got them", () -> sub.received.size() >= expected);
        List<Long> seqs = Records.firstArrivals(new ArrayList<>(sub.received)).get(Records.tank(1).toString());
        assertThat(seqs).hasSize(expected);
        assertThat(seqs.get(0)).isZero();
        assertThat(seqs.get(expected - 1)).isEqualTo(expected - 1L);
    }

    @Test
    void fullStoreWithDropOldestKeepsTheNewestAndCountsExactly() throws Exception {
        broker.stop();
        MqttSink sink = sink("store_max_bytes", 65536L);
        int sent = 400;
        for (int i = 0; i < sent; i++) {
            sink.accept(Records.tankRecord(1, i));
        }
        SinkStatus s = sink.status();
        long dropped = s.dropped();
        assertThat(dropped).isPositive();
        assertThat(s.backlog() + dropped).isEqualTo(sent);
        assertThat(s.lastError()).contains(dropped + " oldest records dropped");
        broker.start();
        TestSubscriber sub = subscriber("acme/#", 1);
        long kept = sent - dropped;
        await("backlog delivered", () -> sink.status().delivered() == kept);
        await("subscriber got them", () -> sub.received.size() >= kept);
        List<Long> seqs = Records.firstArrivals(new ArrayList<>(sub.received)).get(Records.tank(1).toString());
        assertThat(seqs).hasSize((int) kept);
        assertThat(seqs.get(0)).isEqualTo(dropped); // exactly the oldest 'dropped' are gone
        assertThat(seqs.get((int) kept - 1)).isEqualTo(sent - 1L);
    }

    @Test
    void aNewSinkOverTheSameStoreDeliversTheBacklog() throws Exception {
        broker.stop();
        MqttSink first = sink();
        for (int i = 0; i < 300; i++) {
            first.accept(Records.tankRecord(2, i));
        }
        assertThat(first.status().backlog()).isEqualTo(300);
        closeLater.remove(closeLater.size() - 1);
        first.deactivate();
        broker.start();
        TestSubscriber sub = subscriber("acme/#", 1);
        MqttSink second = sink();
        await("backlog delivered", () -> second.status().delivered() == 300);
        await("subscriber got them", () -> sub.received.size() >= 300);
        Records.assertCompleteAndInOrder(Records.firstArrivals(new ArrayList<>(sub.received)),
                List.of(Records.tank(2).toString()), 300);
    }

    @Test
    void invalidConfigurationNamesTheAttributeAndValue() {
        assertThatThrownBy(() -> sink("qos", 3)).hasMessageContaining("'qos'").hasMessageContaining("'3'");
        assertThatThrownBy(() -> sink("deadletter_full_policy", "KEEP_ALL"))
                .hasMessageContaining("'deadletter.full.policy'").hasMessageContaining("'KEEP_ALL'");
        assertThatThrownBy(() -> sink("deadletter_max_records", 0L))
                .hasMessageContaining("'deadletter.max.records'").hasMessageContaining("'0'");
        assertThatThrownBy(() -> sink("deadletter_max_bytes", 4096L))
                .hasMessageContaining("'deadletter.max.bytes'").hasMessageContaining("'4096'");
        assertThatThrownBy(() -> sink("refusal_retry_max_attempts", 0))
                .hasMessageContaining("'refusal.retry.max.attempts'").hasMessageContaining("'0'");
        assertThatThrownBy(() -> sink("broker_url", "http://x:1")).hasMessageContaining("'broker.url'")
                .hasMessageContaining("http://x:1");
        assertThatThrownBy(() -> sink("topic_prefix", "uns/#")).hasMessageContaining("'topic.prefix'")
                .hasMessageContaining("uns/#");
        assertThatThrownBy(() -> sink("store_overflow_policy", "DROP_NEWEST"))
                .hasMessageContaining("'store.overflow.policy'").hasMessageContaining("DROP_NEWEST");
        assertThatThrownBy(() -> sink("tls_ca_file", "/nonexistent/ca.pem")).hasMessageContaining("'tls.ca.file'")
                .hasMessageContaining("/nonexistent/ca.pem");
        assertThatThrownBy(() -> sink("store_max_bytes", 1000L)).hasMessageContaining("'store.max.bytes'")
                .hasMessageContaining("1000");
    }

    static {
        // keep Paho's JUL logging quiet unless asked
        java.util.logging.Logger.getLogger("org.eclipse.paho").setLevel(java.util.logging.Level.SEVERE);
    }

    static void sleep(long ms) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(ms);
    }
}
