package io.plantwire.sink.kafka.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "Plantwire MQTT to Kafka bridge",
        description = "Subscribes to MQTT topic filters (e.g. a site's whole unified namespace) and forwards every "
                + "message to a Kafka topic derived from its MQTT topic, key = MQTT topic, value = payload as it is. "
                + "A QoS 1/2 message is acknowledged to the MQTT broker only after it is in the store; it leaves the "
                + "store only after Kafka acknowledged it. One factory configuration per MQTT broker and cluster.")
@interface MqttKafkaBridgeConfig {

    @AttributeDefinition(name = "Name", description = "Names this bridge in logs, its client ids and its store "
            + "directory. Unique per gateway.")
    String name() default "mqtt-kafka";

    @AttributeDefinition(name = "MQTT broker URL", description = "tcp://host:port, or ssl://host:port for MQTT over "
            + "TLS (trusting the JVM's default trust store).")
    String mqtt_broker_url() default "tcp://127.0.0.1:1883";

    @AttributeDefinition(name = "MQTT client id", description = "Empty means 'plantwire-bridge-<name>'. Must be "
            + "unique on the broker and stable, so the broker keeps the session across reconnects.")
    String mqtt_client_id() default "";

    @AttributeDefinition(name = "MQTT topic filters", description = "What to forward, e.g. acme/rotterdam/# ; "
            + "wildcards + and # allowed.")
    String[] mqtt_topic_filters() default { "#" };

    @AttributeDefinition(name = "MQTT QoS", description = "Subscription QoS. 1 or 2: a message is acknowledged only "
            + "once stored, so the broker sends it again after a crash. 0: messages in flight can be lost.",
            options = { @Option(label = "0 - at most once", value = "0"),
                    @Option(label = "1 - at least once", value = "1"),
                    @Option(label = "2 - exactly once (per connection)", value = "2") })
    int mqtt_qos() default 1;

    @AttributeDefinition(name = "MQTT clean session", description = "Off (default): the broker keeps the "
            + "subscription and queues messages while the bridge is away, and sends unacknowledged ones again.")
    boolean mqtt_clean_session() default false;

    @AttributeDefinition(name = "MQTT keep-alive (s)", min = "0", max = "65535")
    int mqtt_keep_alive_interval() default 30;

    @AttributeDefinition(name = "MQTT username", description = "Empty for anonymous.")
    String mqtt_username() default "";

    @AttributeDefinition(name = "MQTT password", type = AttributeType.PASSWORD, description = "Never logged and "
            + "not published as a service property.")
    String _mqtt_password() default "";

    @AttributeDefinition(name = "MQTT reconnect: first delay (ms)", min = "10")
    long mqtt_reconnect_delay_min_ms() default 250;

    @AttributeDefinition(name = "MQTT reconnect: longest delay (ms)", min = "10")
    long mqtt_reconnect_delay_max_ms() default 30000;

    @AttributeDefinition(name = "Largest MQTT message (bytes)", description = "Inbound messages whose payload "
            + "and topic together are larger are refused before they are stored: counted (refusedOversize in the "
            + "bridge's status), logged, and acknowledged to the broker so it does not send them again. Keep it "
            + "below the Kafka topic's max.message.bytes (1 MiB by default).", min = "1", max = "16777216")
    int mqtt_max_message_bytes() default 1_000_000;

    @AttributeDefinition(name = "Kafka topic template", description = "Kafka topic of each MQTT message. "
            + "Placeholders: {topic} (the MQTT topic, '/' becoming '.'), {gateway}. The result is made legal for "
            + "Kafka: characters other than a-z A-Z 0-9 . _ - become '_', at most 249 characters.")
    String kafka_topic_template() default "{topic}";

    @AttributeDefinition(name = "Gateway id", description = "Sent in the plantwire.gateway header. Empty: this "
            + "machine's host name.")
    String gateway_id() default "";

    @AttributeDefinition(name = "Bootstrap servers", description = "host:port[,host:port...] of the Kafka cluster.")
    String bootstrap_servers() default "127.0.0.1:9092";

    @AttributeDefinition(name = "Kafka client id", description = "Empty means 'plantwire-bridge-<name>'.")
    String client_id() default "";

    @AttributeDefinition(name = "Compression", options = { @Option(label = "none", value = "none"),
            @Option(label = "gzip", value = "gzip"), @Option(label = "snappy", value = "snappy"),
            @Option(label = "lz4", value = "lz4"), @Option(label = "zstd", value = "zstd") })
    String compression_type() default "lz4";

    @AttributeDefinition(name = "Linger (ms)", description = "How long the producer waits to fill a batch.",
            min = "0")
    int linger_ms() default 5;

    @AttributeDefinition(name = "Batch size (bytes)", description = "Largest batch per partition.", min = "0")
    int batch_size() default 131072;

    @AttributeDefinition(name = "Producer buffer (bytes)", description = "Memory the producer may use for records "
            + "not yet sent (its pool keeps what it once allocated, on the gateway's heap). Records wait in the "
            + "store, not here.", min = "1048576")
    long buffer_memory() default ProducerSettings.DEFAULT_BUFFER_MEMORY;

    @AttributeDefinition(name = "Delivery timeout (ms)", description = "How long the producer retries one batch. "
            + "When it passes (an outage) nothing is lost: the records are still in the store and are sent again.",
            min = "1")
    int delivery_timeout_ms() default 120000;

    @AttributeDefinition(name = "Request timeout (ms)", min = "1")
    int request_timeout_ms() default 30000;

    @AttributeDefinition(name = "Max block (ms)", description = "How long a send may wait for topic metadata or "
            + "buffer space (on the sink's own thread, never the pipeline's).", min = "0")
    long max_block_ms() default 10000;

    @AttributeDefinition(name = "Security protocol", options = { @Option(label = "PLAINTEXT", value = "PLAINTEXT"),
            @Option(label = "SSL (TLS)", value = "SSL"), @Option(label = "SASL_PLAINTEXT", value = "SASL_PLAINTEXT"),
            @Option(label = "SASL_SSL (SASL over TLS)", value = "SASL_SSL") })
    String security_protocol() default "PLAINTEXT";

    @AttributeDefinition(name = "SASL mechanism", options = { @Option(label = "PLAIN", value = "PLAIN"),
            @Option(label = "SCRAM-SHA-256", value = "SCRAM-SHA-256"),
            @Option(label = "SCRAM-SHA-512", value = "SCRAM-SHA-512") })
    String sasl_mechanism() default "PLAIN";

    @AttributeDefinition(name = "SASL username")
    String sasl_username() default "";

    @AttributeDefinition(name = "SASL password", type = AttributeType.PASSWORD, description = "Never logged and "
            + "not published as a service property.")
    String _sasl_password() default "";

    @AttributeDefinition(name = "TLS trust store", description = "File with the CA certificates the brokers' "
            + "certificates must chain to. Empty: the JVM's default trust store.")
    String ssl_truststore_location() default "";

    @AttributeDefinition(name = "TLS trust store type", options = { @Option(label = "PKCS12", value = "PKCS12"),
            @Option(label = "JKS", value = "JKS"), @Option(label = "PEM", value = "PEM") })
    String ssl_truststore_type() default "PKCS12";

    @AttributeDefinition(name = "TLS trust store password", type = AttributeType.PASSWORD)
    String _ssl_truststore_password() default "";

    @AttributeDefinition(name = "TLS key store", description = "File with the client certificate and key for "
            + "mutual TLS. Empty: no client certificate.")
    String ssl_keystore_location() default "";

    @AttributeDefinition(name = "TLS key store type", options = { @Option(label = "PKCS12", value = "PKCS12"),
            @Option(label = "JKS", value = "JKS"), @Option(label = "PEM", value = "PEM") })
    String ssl_keystore_type() default "PKCS12";

    @AttributeDefinition(name = "TLS key store password", type = AttributeType.PASSWORD)
    String _ssl_keystore_password() default "";

    @AttributeDefinition(name = "TLS key password", type = AttributeType.PASSWORD)
    String _ssl_key_password() default "";

    @AttributeDefinition(name = "TLS: verify host name", description = "Check that each broker's certificate names "
            + "its host. Turn off only for test brokers.")
    boolean ssl_hostname_verification() default true;

    @AttributeDefinition(name = "Other producer properties", description = "key=value lines passed to the Kafka "
            + "producer as they are. acks, enable.idempotence, retries, max.in.flight.requests.per.connection, "
            + "serializers, transactional.id, bootstrap.servers, client.id and sasl.jaas.config are refused.")
    String[] producer_properties() default {};

    @AttributeDefinition(name = "Records in flight", description = "Most records handed to the producer and not "
            + "yet acknowledged.", min = "1")
    int forward_max_inflight_records() default ProducerSettings.DEFAULT_MAX_INFLIGHT_RECORDS;

    @AttributeDefinition(name = "Retry: first delay (ms)", description = "Wait after a failed send before sending "
            + "again from the store; doubles per failure.", min = "1")
    long retry_backoff_min_ms() default 500;

    @AttributeDefinition(name = "Retry: longest delay (ms)", min = "1")
    long retry_backoff_max_ms() default 30000;

    @AttributeDefinition(name = "Refusals: attempts", description = "How often a record Kafka refuses in a way that "
            + "may be fixed at the cluster (authorization, policy, unknown server error) is sent again, with the "
            + "retry back-off between attempts, before it goes to the dead letters. Outages are retried without limit.",
            min = "1", max = "1000")
    int refusal_retry_max_attempts() default 10;

    @AttributeDefinition(name = "Dead letters: most records", description = "Most refused records kept "
            + "(in '<store directory>.deadletters').", min = "1")
    long deadletter_max_records() default 10000;

    @AttributeDefinition(name = "Dead letters: most bytes", description = "Most bytes of refused records kept "
            + "(at least 65536).", min = "65536")
    long deadletter_max_bytes() default 67108864L;

    @AttributeDefinition(name = "Dead letters: when full", description = "What happens to a refused record when "
            + "the dead letters are full; either way it is counted and logged.",
            options = { @Option(label = "Evict the oldest dead letters", value = "DROP_OLDEST"),
                    @Option(label = "Discard the new refused record", value = "DROP_NEW") })
    String deadletter_full_policy() default "DROP_OLDEST";

    @AttributeDefinition(name = "Store directory", description = "Where the store-and-forward queue lives. "
            + "Empty: 'bridge-<name>' in <plantwire.home>/data/store on a gateway, else in the bundle's data area.")
    String store_directory() default "";

    @AttributeDefinition(name = "Store size (bytes)", description = "Most bytes the backlog may occupy "
            + "(at least 65536).", min = "65536")
    long store_max_bytes() default 268435456L;

    @AttributeDefinition(name = "Store overflow policy", description = "What a full store does with a new record; "
            + "either way it is counted.",
            options = { @Option(label = "Drop the oldest records (keep the newest data)", value = "DROP_OLDEST"),
                    @Option(label = "Reject new records (keep the oldest data)", value = "REJECT_NEW") })
    String store_overflow_policy() default "DROP_OLDEST";

    @AttributeDefinition(name = "Store fsync policy", description = "What a power cut may lose (a process crash "
            + "loses nothing under any policy).",
            options = { @Option(label = "Every interval (default)", value = "INTERVAL"),
                    @Option(label = "Every N records", value = "EVERY_N_RECORDS"),
                    @Option(label = "Every write (slowest, safest)", value = "EVERY_WRITE"),
                    @Option(label = "Never (operating system decides)", value = "NEVER") })
    String store_fsync_policy() default "INTERVAL";

    @AttributeDefinition(name = "Store fsync interval (ms)", min = "1")
    long store_fsync_interval_ms() default 1000;

    @AttributeDefinition(name = "Store fsync every N records", min = "1")
    int store_fsync_every_records() default 1000;
}
