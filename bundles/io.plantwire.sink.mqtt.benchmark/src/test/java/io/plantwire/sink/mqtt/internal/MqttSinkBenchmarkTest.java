package io.plantwire.sink.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The benchmark's state driven by hand (not through JMH), with its own private Mosquitto: every record an
 * invocation accepts must be acknowledged by the broker and reach a subscriber on its tank's topic, or the score
 * would count records that never left the gateway.
 */
class MqttSinkBenchmarkTest {

    private static final int INVOCATIONS = 2;

    private final MqttSinkBenchmark benchmark = new MqttSinkBenchmark();
    private final Map<String, AtomicLong> receivedPerTopic = new ConcurrentHashMap<>();
    private final AtomicLong withSeq = new AtomicLong();
    private MqttAsyncClient subscriber;

    @AfterEach
    void stop() throws Exception {
        if (subscriber != null) {
            subscriber.disconnect().waitForCompletion(5_000);
            subscriber.close();
        }
        benchmark.stop();
    }

    @ParameterizedTest
    @ValueSource(strings = { "5", "3.1.1" })
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // hang guard: the benchmark method waits for acknowledgements
    void everyAcceptedRecordIsAcknowledgedAndReceived(String mqttVersion) throws Exception {
        benchmark.qos = 1;
        benchmark.maxInflight = 1000;
        benchmark.mqttVersion = mqttVersion;
        benchmark.start();
        subscribe(benchmark.broker.url());

        long expected = (long) INVOCATIONS * MqttSinkBenchmark.BATCH;
        long target = 0;
        for (int i = 0; i < INVOCATIONS; i++) {
            target = benchmark.publishThroughStoreAndForward();
        }

        assertThat(target).isEqualTo(expected);
        assertThat(benchmark.sink.publisher().status().delivered()).isEqualTo(expected);
        // Acknowledged by the broker is not yet received by a consumer: wait until the subscriber has them all.
        while (received() < expected) {
            Thread.sleep(20);
        }
        assertThat(received()).isEqualTo(expected);
        assertThat(withSeq.get()).isEqualTo(expected);
        long perTank = MqttSinkBenchmark.BATCH / 3;
        assertThat(receivedPerTopic).containsOnlyKeys(BenchRecords.tank(1).toString(),
                BenchRecords.tank(2).toString(), BenchRecords.tank(3).toString());
        assertThat(receivedPerTopic.get(BenchRecords.tank(1).toString()).get())
                .isEqualTo(INVOCATIONS * (perTank + 1)); // 20 000 = 6 667 + 6 667 + 6 666
    }

    private long received() {
        return receivedPerTopic.values().stream().mapToLong(AtomicLong::get).sum();
    }

    private void subscribe(String url) throws MqttException {
        subscriber = new MqttAsyncClient(url, "bench-test-" + System.nanoTime(), new MemoryPersistence());
        subscriber.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage m) {
                receivedPerTopic.computeIfAbsent(topic, t -> new AtomicLong()).incrementAndGet();
                if (new String(m.getPayload(), StandardCharsets.UTF_8).contains("\"seq\"")) {
                    withSeq.incrementAndGet();
                }
            }

            @Override
            public void disconnected(MqttDisconnectResponse r) {
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
            }

            @Override
            public void deliveryComplete(IMqttToken t) {
            }

            @Override
            public void connectComplete(boolean reconnect, String uri) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties p) {
            }
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setReceiveMaximum(65535);
        subscriber.connect(o).waitForCompletion(10_000);
        subscriber.subscribe(new MqttSubscription("acme/#", 1)).waitForCompletion(10_000);
    }
}
