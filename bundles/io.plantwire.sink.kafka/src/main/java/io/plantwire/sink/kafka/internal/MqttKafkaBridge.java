package io.plantwire.sink.kafka.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.MqttTopic;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

import io.plantwire.api.text.Redaction;
import io.plantwire.sink.support.DrainStatus;
import io.plantwire.sink.support.StoreSettings;
import io.plantwire.store.QueueStats;
import io.plantwire.store.StoreAndForwardQueue;
import io.plantwire.store.deadletter.DeadLetterStore;
import io.plantwire.store.deadletter.DeadLetters;
import io.plantwire.store.deadletter.SinkDeadLetters;

/**
 * Bridge mode: forwards MQTT messages (e.g. a site's unified namespace) to Kafka, the job an MQTT broker's rule
 * engine does in other architectures. One instance per factory configuration {@code io.plantwire.sink.kafka.bridge}.
 *
 * <p>Delivery: the MQTT client acknowledges manually. A QoS 1/2 message is appended to the store first and
 * acknowledged to the MQTT broker only then; if the append fails, the callback throws, Paho drops the connection
 * without acknowledging, and the broker sends the message again in the resumed session. From the store, the
 * {@link KafkaForwarder} delivers as the sink does. Per MQTT topic, order is kept (key = MQTT topic).
 */
@Component(configurationPid = MqttKafkaBridge.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = MqttKafkaBridgeConfig.class, factory = true)
public final class MqttKafkaBridge {

    /** The factory configuration PID. */
    public static final String PID = "io.plantwire.sink.kafka.bridge";

    /** Header: the MQTT topic the message came from. */
    static final String MQTT_TOPIC_HEADER = "plantwire.mqtt.topic";
    /** Header: the QoS it was received with. */
    static final String MQTT_QOS_HEADER = "plantwire.mqtt.qos";
    /** Header: "true" when it was a retained message. */
    static final String MQTT_RETAINED_HEADER = "plantwire.mqtt.retained";

    /** Largest mqtt.max.message.bytes: a message is held in memory twice (Paho's copy and the encoded record). */
    static final int MAX_MESSAGE_BYTES_LIMIT = 16 * 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(MqttKafkaBridge.class.getName());

    private final String name;
    private final String gatewayId;
    private final String[] filters;
    private final int qos;
    private final TopicTemplate topicTemplate;
    private final StoreAndForwardQueue queue;
    private final DeadLetterStore deadLetterStore;
    private final DeadLetters deadLetters;
    private org.osgi.framework.ServiceRegistration<DeadLetters> deadLettersRegistration;
    private final KafkaForwarder forwarder;
    private final MqttClient client;
    private final MqttConnectOptions connectOptions;
    private final long reconnectMinMs;
    private final long reconnectMaxMs;
    private final Semaphore wakeup = new Semaphore(0);
    private final AtomicLong received = new AtomicLong();
    private final int maxMessageBytes;
    private final InboundRefusals refusals;
    private final Thread connector;
    private volatile boolean running = true;
    private volatile String lastMqttError = "";
    /** Masked in status and log text: the Kafka client's and the MQTT password. */
    private final String[] secrets;
    private volatile Instant lastMessage;

    @Activate
    public MqttKafkaBridge(MqttKafkaBridgeConfig config, BundleContext context) throws IOException, MqttException {
        this(config, dataArea(context));
        java.util.Dictionary<String, Object> props = new java.util.Hashtable<>();
        props.put(DeadLetters.SINK_NAME_PROPERTY, "bridge-" + name);
        deadLettersRegistration = context.registerService(DeadLetters.class, deadLetters, props);
    }

    MqttKafkaBridge(MqttKafkaBridgeConfig config, Path dataArea) throws IOException, MqttException {
        this.name = config.name();
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be empty, got '" + name + "'");
        }
        this.gatewayId = config.gateway_id().isBlank() ? hostName() : config.gateway_id();
        this.filters = config.mqtt_topic_filters() == null ? new String[0] : config.mqtt_topic_filters();
        if (filters.length == 0) {
            throw new IllegalArgumentException("mqtt.topic.filters must name at least one topic filter, got []");
        }
        for (String f : filters) {
            try {
                MqttTopic.validate(f, true);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("mqtt.topic.filters entry '" + f + "' is not a valid MQTT topic "
                        + "filter: " + e.getMessage());
            }
        }
        this.qos = config.mqtt_qos();
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("mqtt.qos must be 0, 1 or 2, got " + qos);
        }
        String url = config.mqtt_broker_url();
        if (url == null || !(url.startsWith("tcp://") || url.startsWith("ssl://"))) {
            throw new IllegalArgumentException("mqtt.broker.url must be tcp://host:port or ssl://host:port, got '"
                    + Redaction.redact(url) + "'");
        }
        this.maxMessageBytes = config.mqtt_max_message_bytes();
        if (maxMessageBytes < 1 || maxMessageBytes > MAX_MESSAGE_BYTES_LIMIT) {
            throw new IllegalArgumentException("mqtt.max.message.bytes must be 1 to " + MAX_MESSAGE_BYTES_LIMIT
                    + ", got " + maxMessageBytes);
        }
        this.refusals = new InboundRefusals(name, maxMessageBytes);
        this.reconnectMinMs = config.mqtt_reconnect_delay_min_ms();
        this.reconnectMaxMs = config.mqtt_reconnect_delay_max_ms();
        if (reconnectMinMs < 10 || reconnectMaxMs < reconnectMinMs) {
            throw new IllegalArgumentException("mqtt.reconnect.delay.min.ms (" + reconnectMinMs
                    + ") must be at least 10 and at most mqtt.reconnect.delay.max.ms (" + reconnectMaxMs + ")");
        }
        this.topicTemplate = new TopicTemplate("kafka.topic.template", config.kafka_topic_template(),
                Set.of("topic", "gateway"));
        ProducerSettings producer = producerSettings(config);
        producer.validate();
        this.secrets = secrets(producer.knownSecrets(), config._mqtt_password());
        this.connectOptions = new MqttConnectOptions();
        connectOptions.setCleanSession(config.mqtt_clean_session());
        connectOptions.setKeepAliveInterval(config.mqtt_keep_alive_interval());
        connectOptions.setAutomaticReconnect(false); // our connector thread reconnects, also after a failed first try
        connectOptions.setConnectionTimeout(10);
        if (!config.mqtt_username().isEmpty()) {
            connectOptions.setUserName(config.mqtt_username());
            connectOptions.setPassword(config._mqtt_password().toCharArray());
        }
        String clientId = config.mqtt_client_id().isBlank() ? "plantwire-bridge-" + name : config.mqtt_client_id();

        int attempts = StoreSettings.refusalAttempts(config.refusal_retry_max_attempts());
        var deadLetterOptions = StoreSettings.deadLetterOptions(config.deadletter_max_records(),
                config.deadletter_max_bytes(), config.deadletter_full_policy());
        Path dir = StoreSettings.directory(config.store_directory(), dataArea, "bridge-" + TopicNames.sanitize(name));
        this.queue = StoreAndForwardQueue.open(dir, StoreSettings.options(config.store_max_bytes(),
                config.store_overflow_policy(), config.store_fsync_policy(), config.store_fsync_interval_ms(),
                config.store_fsync_every_records()));
        try {
            this.deadLetterStore = DeadLetterStore.open(StoreSettings.deadLetterDirectory(dir), deadLetterOptions);
        } catch (IOException | RuntimeException e) {
            queue.close();
            throw e;
        }
        this.deadLetters = new SinkDeadLetters("bridge-" + name, deadLetterStore, queue::append);
        try {
            this.forwarder = producer.forwarder("bridge-" + name, queue, deadLetterStore, attempts);
            // Memory persistence: inbound durability is the store's job, Paho keeps nothing we need.
            this.client = new MqttClient(url, clientId, new MemoryPersistence());
        } catch (MqttException | RuntimeException e) {
            queue.close();
            deadLetterStore.close();
            throw e;
        }
        client.setManualAcks(true);
        client.setCallback(new Inbound());
        forwarder.start();
        connector = new Thread(this::connectLoop, "plantwire-bridge-mqtt-" + name);
        connector.setDaemon(true);
        connector.start();
        LOG.log(Level.INFO, "MQTT-Kafka bridge ''{0}'' started: {1} {2} -> Kafka ({3}, topic template {4}); {5} "
                + "records waiting in {6}", name, Redaction.redact(url), Arrays.toString(filters), producer,
                topicTemplate, queue.stats().records(), dir);
    }

    private static String[] secrets(String[] kafka, String mqttPassword) {
        String[] all = Arrays.copyOf(kafka, kafka.length + 1);
        all[kafka.length] = mqttPassword == null ? "" : mqttPassword;
        return all;
    }

    static ProducerSettings producerSettings(MqttKafkaBridgeConfig c) {
        ProducerSettings s = new ProducerSettings();
        s.bootstrapServers = c.bootstrap_servers();
        s.clientId = c.client_id().isBlank() ? "plantwire-bridge-" + c.name() : c.client_id();
        s.compressionType = c.compression_type();
        s.lingerMs = c.linger_ms();
        s.batchSize = c.batch_size();
        s.bufferMemory = c.buffer_memory();
        s.deliveryTimeoutMs = c.delivery_timeout_ms();
        s.requestTimeoutMs = c.request_timeout_ms();
        s.maxBlockMs = c.max_block_ms();
        s.securityProtocol = c.security_protocol();
        s.saslMechanism = c.sasl_mechanism();
        s.saslUsername = c.sasl_username();
        s.saslPassword = c._sasl_password();
        s.truststoreLocation = c.ssl_truststore_location();
        s.truststoreType = c.ssl_truststore_type();
        s.truststorePassword = c._ssl_truststore_password();
        s.keystoreLocation = c.ssl_keystore_location();
        s.keystoreType = c.ssl_keystore_type();
        s.keystorePassword = c._ssl_keystore_password();
        s.keyPassword = c._ssl_key_password();
        s.hostnameVerification = c.ssl_hostname_verification();
        s.extra = ProducerSettings.parseExtra("producer.properties", c.producer_properties());
        s.maxInflightRecords = c.forward_max_inflight_records();
        s.retryBackoffMinMs = c.retry_backoff_min_ms();
        s.retryBackoffMaxMs = c.retry_backoff_max_ms();
        return s;
    }

    private void connectLoop() {
        long delay = reconnectMinMs;
        while (running) {
            if (!client.isConnected()) {
                try {
                    client.connect(connectOptions);
                    int[] qoss = new int[filters.length];
                    Arrays.fill(qoss, qos);
                    client.subscribe(filters, qoss);
                    lastMqttError = "";
                    delay = reconnectMinMs;
                    LOG.log(Level.INFO, "MQTT-Kafka bridge ''{0}'' connected and subscribed to {1}", name,
                            Arrays.toString(filters));
                } catch (MqttException e) {
                    lastMqttError = Redaction.redact("MQTT connect/subscribe failed: " + e.getMessage() + " (reason "
                            + e.getReasonCode() + ")", secrets);
                    LOG.log(Level.WARNING, "MQTT-Kafka bridge ''{0}'': {1}; next attempt in {2} ms", name,
                            lastMqttError, delay);
                    if (client.isConnected()) {
                        try {
                            client.disconnectForcibly(0, 1000);
                        } catch (MqttException ignored) {
                            // a failed subscribe: the next attempt starts from a new connection anyway
                        }
                    }
                    sleep(delay);
                    delay = Math.min(reconnectMaxMs, delay * 2);
                    continue;
                }
            }
            sleep(1000);
        }
    }

    private void sleep(long ms) {
        try {
            wakeup.tryAcquire(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Paho's callbacks, on its callback thread. */
    private final class Inbound implements MqttCallback {

        @Override
        public void messageArrived(String topic, MqttMessage message) throws Exception {
            byte[] key = topic.getBytes(StandardCharsets.UTF_8);
            if ((long) message.getPayload().length + key.length > maxMessageBytes) {
                // Refused for good: acknowledged, so the broker does not send it again and again.
                refusals.refused(topic, message.getPayload().length);
                if (message.getQos() > 0) {
                    client.messageArrivedComplete(message.getId(), message.getQos());
                }
                return;
            }
            OutboundRecord r = new OutboundRecord(topicTemplate.expand(p -> p.equals("topic") ? topic : gatewayId),
                    key, message.getPayload(),
                    List.of(OutboundRecord.header(MQTT_TOPIC_HEADER, topic),
                            OutboundRecord.header(MQTT_QOS_HEADER, Integer.toString(message.getQos())),
                            OutboundRecord.header(MQTT_RETAINED_HEADER, Boolean.toString(message.isRetained())),
                            OutboundRecord.header(KafkaSink.GATEWAY_HEADER, gatewayId)),
                    System.currentTimeMillis());
            // Throwing here (store full under REJECT_NEW, disk error) makes Paho drop the connection without
            // acknowledging: the broker keeps the message and sends it again after the reconnect.
            queue.append(r.encode());
            if (message.getQos() > 0) {
                client.messageArrivedComplete(message.getId(), message.getQos());
            }
            received.incrementAndGet();
            lastMessage = Instant.now();
        }

        @Override
        public void connectionLost(Throwable cause) {
            lastMqttError = Redaction.redact("MQTT connection lost: " + cause, secrets);
            LOG.log(Level.WARNING, "MQTT-Kafka bridge ''{0}'': {1}", name, lastMqttError);
            wakeup.release();
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // the bridge publishes nothing
        }
    }

    @Deactivate
    void deactivate() {
        if (deadLettersRegistration != null) {
            try {
                deadLettersRegistration.unregister();
            } catch (IllegalStateException e) {
                // the framework unregistered it already (bundle stopping)
            }
        }
        running = false;
        wakeup.release();
        try {
            connector.join(15000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (client.isConnected()) {
                client.disconnect(2000);
            }
        } catch (MqttException e) {
            try {
                client.disconnectForcibly(0, 1000);
            } catch (MqttException ignored) {
                // closing anyway
            }
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.log(Level.DEBUG, "closing the MQTT client failed: {0}", e);
        }
        forwarder.stop();
        try {
            queue.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "MQTT-Kafka bridge '" + name + "': closing the store failed", e);
        }
        try {
            deadLetterStore.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "MQTT-Kafka bridge '" + name + "': closing the dead letters failed", e);
        }
        LOG.log(Level.INFO, "MQTT-Kafka bridge ''{0}'' stopped", name);
    }

    /** Status for tests and a future console view: MQTT side and Kafka side. */
    Map<String, Object> status() {
        QueueStats s = queue.stats();
        DrainStatus kafka = forwarder.status();
        return Map.of("mqttConnected", client.isConnected(), "received", received.get(), "backlog", s.records(),
                "delivered", kafka.delivered(), "dropped", s.dropped() + s.rejected() + forwarder.undeliverable(),
                "refusedOversize", refusals.count(), "lastRefusal", refusals.last(),
                "kafkaConnected", kafka.isConnected(), "lastError",
                Redaction.redact(lastMqttError.isEmpty() ? kafka.lastError() : lastMqttError, secrets));
    }

    boolean mqttConnected() {
        return client.isConnected();
    }

    long received() {
        return received.get();
    }

    long refusedOversize() {
        return refusals.count();
    }

    /** The dead letters, as the service offers them. */
    DeadLetters deadLetters() {
        return deadLetters;
    }

    KafkaForwarder forwarder() {
        return forwarder;
    }

    QueueStats storeStats() {
        return queue.stats();
    }

    private static Path dataArea(BundleContext context) {
        return StoreSettings.storeArea(context.getProperty("plantwire.home"), context.getDataFile(""));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "gateway";
        }
    }
}
