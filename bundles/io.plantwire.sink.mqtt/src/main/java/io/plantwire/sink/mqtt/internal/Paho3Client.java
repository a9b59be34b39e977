package io.plantwire.sink.mqtt.internal;

import java.util.function.Consumer;

import javax.net.ssl.SSLSocketFactory;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * MQTT 3.1.1 through Paho {@code org.eclipse.paho.client.mqttv3}, for brokers without MQTT 5. Differences: clean
 * session instead of clean start + session expiry (the expiry is ignored), no reason codes on acknowledgements,
 * and Paho's own in-flight limit is set to {@code max.inflight} (its default is 10).
 */
final class Paho3Client implements BrokerClient {

    private final MqttSettings settings;
    private final SSLSocketFactory socketFactory;
    private final MqttAsyncClient client;

    Paho3Client(MqttSettings settings, SSLSocketFactory socketFactory) throws MqttException {
        this.settings = settings;
        this.socketFactory = socketFactory;
        this.client = new MqttAsyncClient(settings.brokerUrl, settings.clientId, new MemoryPersistence());
    }

    MqttConnectOptions options() {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setServerURIs(new String[] { settings.brokerUrl });
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(settings.cleanStart);
        o.setKeepAliveInterval(settings.keepAliveInterval);
        o.setConnectionTimeout(settings.connectTimeout);
        o.setMaxInflight(settings.maxInflight);
        o.setAutomaticReconnect(false);
        if (!settings.username.isEmpty()) {
            o.setUserName(settings.username);
            if (settings.hasPassword()) {
                o.setPassword(new String(settings.password, java.nio.charset.StandardCharsets.UTF_8).toCharArray());
            }
        }
        if (!settings.statusTopic.isEmpty()) {
            o.setWill(settings.statusTopic,
                    settings.statusOfflinePayload.getBytes(java.nio.charset.StandardCharsets.UTF_8), 1, true);
        }
        if (settings.tls) {
            o.setSocketFactory(NoDelaySockets.tls(socketFactory));
            o.setHttpsHostnameVerificationEnabled(settings.tlsHostnameVerification);
            if (!settings.tlsHostnameVerification) {
                o.setSSLHostnameVerifier((host, session) -> true);
            }
        } else {
            o.setSocketFactory(NoDelaySockets.PLAIN);
        }
        return o;
    }

    @Override
    public void connect(Consumer<String> connectionLost) throws Exception {
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                connectionLost.accept("connection lost: " + BrokerClient.describe(cause));
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                // the sink subscribes to nothing
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // handled per message
            }
        });
        client.connect(options()).waitForCompletion(settings.connectTimeout * 1000L + 1000);
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retain, Object context, Completion completion)
            throws InflightFullException, Exception {
        try {
            client.publish(topic, payload, qos, retain, context, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    completion.acknowledged(token.getUserContext(), 0, topic);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    completion.failed(token.getUserContext(), e);
                }
            });
        } catch (MqttException e) {
            if (e.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT) {
                throw new InflightFullException(e);
            }
            throw e;
        }
    }

    @Override
    public void publishAndWait(String topic, byte[] payload, int qos, boolean retain, long timeoutMillis)
            throws Exception {
        client.publish(topic, payload, qos, retain).waitForCompletion(timeoutMillis);
    }

    @Override
    public void disconnect(long timeoutMillis) throws Exception {
        client.disconnect(timeoutMillis).waitForCompletion(timeoutMillis + 1000);
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1000, false);
            }
        } catch (MqttException | RuntimeException ignored) {
            // closing anyway
        }
        try {
            client.close(true);
        } catch (MqttException | RuntimeException ignored) {
            // nothing more to release
        }
    }
}
