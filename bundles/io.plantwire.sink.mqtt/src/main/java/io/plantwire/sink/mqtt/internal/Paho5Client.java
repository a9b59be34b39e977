package io.plantwire.sink.mqtt.internal;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import javax.net.ssl.SSLSocketFactory;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.MqttPublish;

/** MQTT 5 through Paho {@code org.eclipse.paho.mqttv5.client}. */
final class Paho5Client implements BrokerClient {

    /** Paho: "Too many publishes in progress". */
    static final int MAX_INFLIGHT = 32202;
    /** Paho: "Invalid Return code", e.g. a PUBACK reason code the MQTT 5 specification does not list for PUBACK. */
    static final int INVALID_RETURN_CODE = 50001;

    /** Whether Paho failed because the broker sent a reason code it does not accept. */
    static boolean isInvalidReasonCode(Throwable e) {
        return e instanceof MqttException && ((MqttException) e).getReasonCode() == INVALID_RETURN_CODE;
    }

    private final MqttSettings settings;
    private final SSLSocketFactory socketFactory;
    private final MqttAsyncClient client;
    private volatile Long maxPacketBytes; // from the CONNACK; null: the broker set no limit

    Paho5Client(MqttSettings settings, SSLSocketFactory socketFactory) throws MqttException {
        this.settings = settings;
        this.socketFactory = socketFactory;
        // memory only: the store is the persistence; Paho's file persistence is 10x slower and would duplicate it
        this.client = new MqttAsyncClient(settings.brokerUrl, settings.clientId, new MemoryPersistence());
    }

    MqttConnectionOptions options() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setServerURIs(new String[] { settings.brokerUrl });
        o.setCleanStart(settings.cleanStart);
        o.setSessionExpiryInterval(settings.sessionExpiryInterval);
        o.setKeepAliveInterval(settings.keepAliveInterval);
        o.setConnectionTimeout(settings.connectTimeout);
        o.setAutomaticReconnect(false); // reconnecting is the publisher's: it must restart from the store's head
        if (!settings.username.isEmpty()) {
            o.setUserName(settings.username);
            if (settings.hasPassword()) {
                o.setPassword(settings.password.clone());
            }
        }
        if (!settings.statusTopic.isEmpty()) {
            MqttMessage will = new MqttMessage(settings.statusOfflinePayload.getBytes(StandardCharsets.UTF_8));
            will.setQos(1);
            will.setRetained(true);
            o.setWill(settings.statusTopic, will);
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

    private volatile int receiveMaximum = 65535;

    @Override
    public void connect(Consumer<String> connectionLost) throws Exception {
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse r) {
                connectionLost.accept("disconnected: " + r.getReasonString() + " [" + r.getReturnCode() + "]"
                        + (r.getException() == null ? "" : " " + BrokerClient.describe(r.getException())));
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
                connectionLost.accept("MQTT error: " + BrokerClient.describe(e));
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                // the sink subscribes to nothing
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
                // handled per message
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                // connect() waits for its token
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
                // no enhanced authentication
            }
        });
        IMqttToken connected = client.connect(options());
        connected.waitForCompletion(settings.connectTimeout * 1000L + 1000);
        MqttProperties connack = connected.getResponseProperties();
        maxPacketBytes = connack == null || connack.getMaximumPacketSize() == null ? null
                : connack.getMaximumPacketSize();
        Integer receive = connack == null ? null : connack.getReceiveMaximum();
        receiveMaximum = receive == null || receive < 1 ? 65535 : receive;
    }

    @Override
    public int receiveMaximum() {
        return receiveMaximum;
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retain, Object context, Completion completion)
            throws InflightFullException, Exception {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(qos);
        m.setRetained(retain);
        Long max = maxPacketBytes;
        if (max != null) {
            // Paho would fail the whole connection writing it (51002); the packet's size as Paho encodes it
            MqttPublish packet = new MqttPublish(topic, m, new MqttProperties());
            long size = (long) packet.getHeader().length + packet.getPayload().length;
            if (size > max) {
                throw new RefusedException(MqttRefusals.PACKET_TOO_LARGE, "message of " + size
                        + " bytes exceeds the broker's Maximum Packet Size of " + max + " bytes");
            }
        }
        try {
            client.publish(topic, m, context, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    completion.acknowledged(token.getUserContext(), codes == null || codes.length == 0 ? 0 : codes[0],
                            topic);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    completion.failed(token.getUserContext(), e);
                }
            });
        } catch (MqttException e) {
            if (e.getReasonCode() == MAX_INFLIGHT) {
                throw new InflightFullException(e);
            }
            throw e;
        }
    }

    @Override
    public void publishAndWait(String topic, byte[] payload, int qos, boolean retain, long timeoutMillis)
            throws Exception {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(qos);
        m.setRetained(retain);
        client.publish(topic, m).waitForCompletion(timeoutMillis);
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
