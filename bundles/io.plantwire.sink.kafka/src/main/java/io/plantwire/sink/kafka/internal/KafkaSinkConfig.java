package io.plantwire.sink.kafka.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "Plantwire Kafka sink",
        description = "Publishes asset records to Kafka, one topic per asset stream, key = ISA-95 path, JSON value "
                + "(schema plantwire.uns.asset/1), through a disk store-and-forward queue: a record leaves the "
                + "store only after the brokers acknowledged it (acks=all, idempotent producer). One factory "
                + "configuration per Kafka cluster.")
@interface KafkaSinkConfig {

    @AttributeDefinition(name = "Stage name", description = "Name of this sink in the pipeline's configuration and "
            + "metrics; also names its store directory. Unique per gateway.")
    String plantwire_stage_name() default "kafka";

    @AttributeDefinition(name = "Asset selector", description = "ISA-95 path globs of the assets this sink "
            + "publishes, e.g. acme/rotterdam/** ; ** for all.")
    String[] plantwire_stage_asset_selector() default { "**" };

    @AttributeDefinition(name = "Sink order (service.ranking)", description = "Order among the sinks a record is "
            + "handed to, highest first (equal: registration order); the shipped features leave the Kafka bridge at 0, after the UNS publisher (100).")
    int service_ranking() default 0;

    @AttributeDefinition(name = "Bootstrap servers", description = "host:port[,host:port...] of the Kafka cluster.")
    String bootstrap_servers() default "127.0.0.1:9092";

    @AttributeDefinition(name = "Client id", description = "Kafka client.id; empty means 'plantwire-<stage name>'.")
    String client_id() default "";

    @AttributeDefinition(name = "Topic template", description = "Topic of each asset stream. Placeholders: "
            + "{enterprise} {site} {area} {line} {cell} {asset} {path} (the six levels joined by '.') {assetType} "
            + "{gateway}. The result is made legal for Kafka: characters other than a-z A-Z 0-9 . _ - become '_', "
            + "at most 249 characters.")
    String topic_template() default "{enterprise}.{site}.{area}.{line}.{cell}.{asset}";

    @AttributeDefinition(name = "Gateway id", description = "Sent in the plantwire.gateway header and usable as "
            + "{gateway} in the topic template. Empty: this machine's host name.")
    String gateway_id() default "";

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
            + "Empty: 'kafka-<stage name>' in <plantwire.home>/data/store on a gateway, else in the bundle's data area.")
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
