package io.plantwire.sink.mqtt.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

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

/**
 * What a UNS consumer sees: a persistent-session subscriber that reconnects by itself, so a broker restart loses
 * nothing on the consumer's side either.
 */
final class TestSubscriber implements AutoCloseable {

    record Received(String topic, String payload, boolean retained, int qos) {
    }

    final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private final MqttAsyncClient client;

    TestSubscriber(String url, String filter, int qos) throws MqttException {
        this(url, filter, qos, "test-subscriber-" + System.nanoTime());
    }

    TestSubscriber(String url, String filter, int qos, String clientId) throws MqttException {
        this(url, filter, qos, clientId, null, null);
    }

    TestSubscriber(String url, String filter, int qos, String clientId, String user, String password)
            throws MqttException {
        client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse r) {
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                received.add(new Received(topic, new String(m.getPayload(), StandardCharsets.UTF_8), m.isRetained(),
                        m.getQos()));
            }

            @Override
            public void deliveryComplete(IMqttToken t) {
            }

            @Override
            public void connectComplete(boolean reconnect, String uri) {
            }

            @Override
            public void authPacketArrived(int c, MqttProperties p) {
            }
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false); // a fresh id gives a fresh session; the reconnect after a broker restart resumes it
        o.setSessionExpiryInterval(3600L);
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, 2);
        o.setReceiveMaximum(65535);
        if (user != null) {
            o.setUserName(user);
            o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        client.connect(o).waitForCompletion(10_000);
        client.subscribe(new MqttSubscription(filter, qos)).waitForCompletion(10_000);
    }

    List<Received> on(String topic) {
        List<Received> out = new ArrayList<>();
        for (Received r : received) {
            if (r.topic().equals(topic)) {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public void close() throws MqttException {
        try {
            client.disconnect().waitForCompletion(5000);
        } catch (MqttException ignored) {
            // closing anyway
        }
        client.close(true);
    }
}
