package io.plantwire.sink.mqtt.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "Plantwire MQTT unified-namespace sink",
        description = "Publishes asset records under their ISA-95 path (enterprise/site/area/line/cell/asset) on one "
                + "MQTT broker, through a disk store-and-forward queue: nothing accepted is lost while the broker is "
                + "away. One factory configuration per broker connection.")
@interface MqttSinkConfig {

    @AttributeDefinition(name = "Stage name", description = "Name of this sink in the pipeline's configuration and "
            + "metrics; also names its store directory. Unique per gateway.")
    String plantwire_stage_name() default "uns-mqtt";

    @AttributeDefinition(name = "Asset selector", description = "ISA-95 path globs of the assets this sink "
            + "publishes, e.g. acme/rotterdam/** ; ** for all.")
    String[] plantwire_stage_asset_selector() default { "**" };

    @AttributeDefinition(name = "Sink order (service.ranking)", description = "Order among the sinks a record is "
            + "handed to, highest first (equal: registration order); the UNS publisher first (100 in the shipped features) so the Kafka bridge's copy does not delay it.")
    int service_ranking() default 0;

    @AttributeDefinition(name = "Broker URL", description = "tcp://host:port for plain MQTT, ssl://host:port for "
            + "MQTT over TLS.")
    String broker_url() default "tcp://127.0.0.1:1883";

    @AttributeDefinition(name = "MQTT version", description = "5 (preferred: session expiry, reason codes on "
            + "acknowledgements, the broker's receive maximum) or 3.1.1 for brokers without MQTT 5.",
            options = { @Option(label = "MQTT 5", value = "5"), @Option(label = "MQTT 3.1.1", value = "3.1.1") })
    String mqtt_version() default "5";

    @AttributeDefinition(name = "Client id", description = "MQTT client identifier; empty means "
            + "'plantwire-<stage name>'. Must be unique on the broker.")
    String client_id() default "";

    @AttributeDefinition(name = "Topic prefix", description = "Put in front of the ISA-95 path, e.g. 'uns' gives "
            + "uns/acme/rotterdam/tankfarm/line-1/cell-a/tank-1. Empty for none. No wildcards, no leading or "
            + "trailing '/'.")
    String topic_prefix() default "";

    @AttributeDefinition(name = "QoS", description = "QoS of record messages. 1 or 2: a record leaves the store "
            + "only when the broker acknowledged it. 0: it leaves once written to the connection (at most once).",
            options = { @Option(label = "0 - at most once", value = "0"),
                    @Option(label = "1 - at least once", value = "1"),
                    @Option(label = "2 - exactly once (per connection)", value = "2") })
    int qos() default 1;

    @AttributeDefinition(name = "Retain", description = "Publish record messages retained, so a new subscriber "
            + "sees each asset's last record at once.")
    boolean retain() default false;

    @AttributeDefinition(name = "Per-field topics", description = "Also publish each field on "
            + "<asset topic>/<field>, for UNS browsers.")
    boolean field_topics() default false;

    @AttributeDefinition(name = "Retain per-field topics", description = "Publish per-field messages retained.")
    boolean field_topics_retain() default true;

    @AttributeDefinition(name = "Clean start", description = "Start a new broker session at each connect. The "
            + "store, not the session, guarantees delivery, so this is normally on.")
    boolean clean_start() default true;

    @AttributeDefinition(name = "Session expiry interval (s)", description = "How long the broker keeps the "
            + "session after a disconnect. 0: ends with the connection. MQTT 5 only (3.1.1 has clean session only).", min = "0", max = "4294967295")
    long session_expiry_interval() default 0;

    @AttributeDefinition(name = "Keep-alive (s)", description = "MQTT keep-alive interval; 0 disables it.",
            min = "0", max = "65535")
    int keep_alive_interval() default 30;

    @AttributeDefinition(name = "Connect timeout (s)", min = "1", max = "600")
    int connect_timeout() default 10;

    @AttributeDefinition(name = "Username", description = "Empty for anonymous.")
    String username() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, description = "Never logged and not "
            + "published as a service property.")
    String _password() default "";

    @AttributeDefinition(name = "TLS: CA certificates", description = "PEM file with the CA certificate(s) the "
            + "broker's certificate must chain to. Empty: the JVM's default trust store.")
    String tls_ca_file() default "";

    @AttributeDefinition(name = "TLS: client certificate", description = "PEM file with the client certificate "
            + "(and its chain) for mutual TLS. Empty: no client certificate.")
    String tls_client_certificate_file() default "";

    @AttributeDefinition(name = "TLS: client key", description = "PEM file with the client's private key, "
            + "unencrypted PKCS#8 ('BEGIN PRIVATE KEY'; convert with openssl pkcs8 -topk8 -nocrypt). Keep it "
            + "readable by the gateway user only.")
    String tls_client_key_file() default "";

    @AttributeDefinition(name = "TLS: verify host name", description = "Check that the broker's certificate names "
            + "the host of the broker URL. Turn off only for test brokers.")
    boolean tls_hostname_verification() default true;

    @AttributeDefinition(name = "Status topic", description = "Retained gateway status: the birth payload after "
            + "each connect, the offline payload as last will and on a clean stop. {client_id} is replaced. "
            + "Empty disables both.")
    String status_topic() default "plantwire/gateways/{client_id}/status";

    @AttributeDefinition(name = "Status: online payload")
    String status_online_payload() default "online";

    @AttributeDefinition(name = "Status: offline payload")
    String status_offline_payload() default "offline";

    @AttributeDefinition(name = "Max in-flight messages", description = "Messages published and not yet "
            + "acknowledged; the broker's receive maximum caps it further.", min = "1", max = "65535")
    int max_inflight() default 1000;

    @AttributeDefinition(name = "Reconnect: first delay (ms)", min = "10")
    long reconnect_delay_min_ms() default 250;

    @AttributeDefinition(name = "Reconnect: longest delay (ms)", description = "Delays double per failed attempt "
            + "up to this.", min = "10")
    long reconnect_delay_max_ms() default 30000;

    @AttributeDefinition(name = "Store directory", description = "Where the store-and-forward queue lives. "
            + "Empty: 'mqtt-<stage name>' in <plantwire.home>/data/store on a gateway, else in the bundle's data area.")
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

    @AttributeDefinition(name = "Refusals: attempts", description = "How often a message the broker refuses with a "
            + "temporary reason code (0x80, 0x83, 0x87, 0x91, unknown codes) is published again, with the reconnect "
            + "back-off between attempts, before it goes to the dead letters. 0x97 (quota exceeded) is retried "
            + "without limit.", min = "1", max = "1000")
    int refusal_retry_max_attempts() default 10;

    @AttributeDefinition(name = "Dead letters: most records", description = "Most refused messages kept "
            + "(in '<store directory>.deadletters').", min = "1")
    long deadletter_max_records() default 10000;

    @AttributeDefinition(name = "Dead letters: most bytes", description = "Most bytes of refused messages kept "
            + "(at least 65536).", min = "65536")
    long deadletter_max_bytes() default 67108864L;

    @AttributeDefinition(name = "Dead letters: when full", description = "What happens to a refused message when "
            + "the dead letters are full; either way it is counted and logged.",
            options = { @Option(label = "Evict the oldest dead letters", value = "DROP_OLDEST"),
                    @Option(label = "Discard the new refused message", value = "DROP_NEW") })
    String deadletter_full_policy() default "DROP_OLDEST";
}
