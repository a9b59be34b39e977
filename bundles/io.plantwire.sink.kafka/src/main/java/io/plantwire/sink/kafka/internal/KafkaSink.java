package io.plantwire.sink.kafka.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

import io.plantwire.api.text.Redaction;
import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.Isa95Path;
import io.plantwire.api.stage.PublishPreview;
import io.plantwire.api.stage.Sink;
import io.plantwire.api.stage.SinkRejectedException;
import io.plantwire.api.stage.SinkStatus;
import io.plantwire.sink.support.JsonBytes;
import io.plantwire.sink.support.JsonBytesPool;
import io.plantwire.sink.support.SinkStatusReport;
import io.plantwire.sink.support.StoreSettings;
import io.plantwire.sink.uns.UnsJson;
import io.plantwire.store.QueueStats;
import io.plantwire.store.StoreAndForwardQueue;
import io.plantwire.store.StoreFullException;
import io.plantwire.store.deadletter.DeadLetterStore;
import io.plantwire.store.deadletter.DeadLetters;
import io.plantwire.store.deadletter.SinkDeadLetters;

/**
 * The Kafka sink: one instance per Kafka cluster (factory configuration {@code io.plantwire.sink.kafka}).
 *
 * <p>{@link #accept} turns the record into a Kafka record (topic from the template, key = ISA-95 path, JSON value,
 * headers) and appends it to the store, nothing else; the {@link KafkaForwarder} thread drains the store to Kafka.
 */
@Component(service = Sink.class, configurationPid = KafkaSink.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = KafkaSinkConfig.class, factory = true)
public final class KafkaSink implements Sink, PublishPreview {

    /** The factory configuration PID. */
    public static final String PID = "io.plantwire.sink.kafka";

    /** Header: schema id of the value. */
    static final String SCHEMA_HEADER = "plantwire.schema";
    /** Header: the asset's type. */
    static final String ASSET_TYPE_HEADER = "plantwire.asset.type";
    /** Header: the gateway that published the record. */
    static final String GATEWAY_HEADER = "plantwire.gateway";
    /** Header: MIME type of the value. */
    static final String CONTENT_TYPE_HEADER = "content-type";

    static final Set<String> PLACEHOLDERS = Set.of("enterprise", "site", "area", "line", "cell", "asset", "path",
            "assetType", "gateway");

    private static final System.Logger LOG = System.getLogger(KafkaSink.class.getName());

    private final String stageName;
    private final String gatewayId;
    private final TopicTemplate topicTemplate;
    private final Map<TopicKey, byte[]> heads = new ConcurrentHashMap<>();
    private final JsonBytesPool buffers = new JsonBytesPool();
    private final StoreAndForwardQueue queue;
    private final DeadLetterStore deadLetterStore;
    private final DeadLetters deadLetters;
    private final KafkaForwarder forwarder;
    private ServiceRegistration<DeadLetters> deadLettersRegistration;
    /** Masked in status text (a client error may quote a configured password). */
    private final String[] secrets;

    @Activate
    public KafkaSink(KafkaSinkConfig config, BundleContext context) throws IOException {
        this(config, dataArea(context));
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(DeadLetters.SINK_NAME_PROPERTY, stageName);
        deadLettersRegistration = context.registerService(DeadLetters.class, deadLetters, props);
    }

    KafkaSink(KafkaSinkConfig config, Path dataArea) throws IOException {
        this.stageName = config.plantwire_stage_name();
        if (stageName == null || stageName.isBlank()) {
            throw new IllegalArgumentException("plantwire.stage.name must not be empty, got '" + stageName + "'");
        }
        this.gatewayId = config.gateway_id().isBlank() ? hostName() : config.gateway_id();
        this.topicTemplate = new TopicTemplate("topic.template", config.topic_template(), PLACEHOLDERS);
        ProducerSettings producer = producerSettings(config);
        producer.validate();
        this.secrets = producer.knownSecrets();
        int attempts = StoreSettings.refusalAttempts(config.refusal_retry_max_attempts());
        var deadLetterOptions = StoreSettings.deadLetterOptions(config.deadletter_max_records(),
                config.deadletter_max_bytes(), config.deadletter_full_policy());
        Path dir = StoreSettings.directory(config.store_directory(), dataArea,
                "kafka-" + TopicNames.sanitize(stageName));
        this.queue = StoreAndForwardQueue.open(dir, StoreSettings.options(config.store_max_bytes(),
                config.store_overflow_policy(), config.store_fsync_policy(), config.store_fsync_interval_ms(),
                config.store_fsync_every_records()));
        try {
            this.deadLetterStore = DeadLetterStore.open(StoreSettings.deadLetterDirectory(dir), deadLetterOptions);
        } catch (IOException | RuntimeException e) {
            queue.close();
            throw e;
        }
        this.deadLetters = new SinkDeadLetters(stageName, deadLetterStore, queue::append);
        this.forwarder = producer.forwarder(stageName, queue, deadLetterStore, attempts);
        forwarder.start();
        LOG.log(Level.INFO, "Kafka sink ''{0}'' started ({1}, topic.template={2}); {3} records waiting in {4}",
                stageName, producer, topicTemplate, queue.stats().records(), dir);
    }

    static ProducerSettings producerSettings(KafkaSinkConfig c) {
        ProducerSettings s = new ProducerSettings();
        s.bootstrapServers = c.bootstrap_servers();
        s.clientId = c.client_id().isBlank() ? "plantwire-" + c.plantwire_stage_name() : c.client_id();
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

    @Deactivate
    void deactivate() {
        if (deadLettersRegistration != null) {
            try {
                deadLettersRegistration.unregister();
            } catch (IllegalStateException e) {
                // the framework unregistered it already (bundle stopping)
            }
        }
        forwarder.stop();
        try {
            queue.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Kafka sink '" + stageName + "': closing the store failed", e);
        }
        try {
            deadLetterStore.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Kafka sink '" + stageName + "': closing the dead letters failed", e);
        }
        LOG.log(Level.INFO, "Kafka sink ''{0}'' stopped", stageName);
    }

    @Override
    public void accept(AssetRecord record) throws SinkRejectedException {
        JsonBytes b = buffers.take();
        try {
            writeFrame(b, record);
            queue.append(b.array(), 0, b.size());
        } catch (StoreFullException e) {
            throw new SinkRejectedException("store full (policy REJECT_NEW): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new SinkRejectedException("store write failed: " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new SinkRejectedException("sink '" + stageName + "' is stopped", e);
        } finally {
            buffers.give(b);
        }
    }

    /** The Kafka record {@link #accept} would queue: topic, key and headers, and the JSON value. */
    @Override
    public List<Publication> preview(AssetRecord record) {
        OutboundRecord r;
        try {
            r = toKafka(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // decoding a frame just built in memory
        }
        StringBuilder where = new StringBuilder("topic ").append(r.topic());
        if (r.key() != null) {
            where.append(", key ").append(new String(r.key(), StandardCharsets.UTF_8));
        }
        for (Map.Entry<String, byte[]> h : r.headers()) {
            where.append(", header ").append(h.getKey()).append('=')
                    .append(new String(h.getValue(), StandardCharsets.UTF_8));
        }
        return List.of(new Publication(where.toString(), new String(r.value(), StandardCharsets.UTF_8)));
    }

    /** The Kafka record for an asset record. */
    OutboundRecord toKafka(AssetRecord record) throws IOException {
        JsonBytes b = new JsonBytes(1024);
        writeFrame(b, record);
        return OutboundRecord.decode(b.toArray());
    }

    /** Writes the stored frame of an asset record into {@code b}: the stream's cached head and the JSON. */
    void writeFrame(JsonBytes b, AssetRecord record) {
        byte[] head = heads.computeIfAbsent(new TopicKey(record.path(), record.assetType()), this::headOf);
        // Frame layout of OutboundRecord, written in one buffer: the JSON goes straight behind the head.
        b.raw(OutboundRecord.VERSION).rawLong(record.timestamp().toEpochMilli()).rawInt(head.length).raw(head);
        UnsJson.writeAsset(b, record);
    }

    private byte[] headOf(TopicKey k) {
        List<Map.Entry<String, byte[]>> headers = List.of(
                OutboundRecord.header(SCHEMA_HEADER, UnsJson.ASSET_SCHEMA),
                OutboundRecord.header(ASSET_TYPE_HEADER, k.assetType()),
                OutboundRecord.header(GATEWAY_HEADER, gatewayId),
                OutboundRecord.header(CONTENT_TYPE_HEADER, "application/json"));
        return OutboundRecord.head(topicOf(k), k.path().toString().getBytes(StandardCharsets.UTF_8), headers);
    }

    private String topicOf(TopicKey k) {
        Isa95Path p = k.path();
        return topicTemplate.expand(name -> {
            switch (name) {
                case "enterprise":
                    return p.enterprise();
                case "site":
                    return p.site();
                case "area":
                    return p.area();
                case "line":
                    return p.line();
                case "cell":
                    return p.cell();
                case "asset":
                    return p.asset();
                case "path":
                    return String.join(".", p.levels());
                case "assetType":
                    return k.assetType();
                default:
                    return gatewayId;
            }
        });
    }

    @Override
    public SinkStatus status() {
        return SinkStatusReport.of(queue.stats(), deadLetterStore.stats(), "records")
                .refused(forwarder.undeliverable(), "records refused by Kafka")
                .build(forwarder.status(), secrets);
    }

    /** For tests and the console: the store's own view. */
    QueueStats storeStats() {
        return queue.stats();
    }

    /** The dead letters, as the service offers them. */
    DeadLetters deadLetters() {
        return deadLetters;
    }

    KafkaForwarder forwarder() {
        return forwarder;
    }

    private record TopicKey(Isa95Path path, String assetType) {
    }
}
