package io.plantwire.sink.mqtt.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import io.plantwire.api.text.Redaction;
import io.plantwire.api.model.Isa95Path;
import io.plantwire.sink.support.StoreSettings;
import io.plantwire.store.QueueOptions;
import io.plantwire.store.deadletter.DeadLetterOptions;

/**
 * The sink's configuration, checked once: every problem is reported with the attribute's name and the value, so
 * the Web Console user sees which field to fix.
 */
final class MqttSettings {

    final String stageName;
    final String brokerUrl;
    final boolean tls;
    /** 5 or 3 (for 3.1.1). */
    final int mqttVersion;
    final String clientId;
    final String topicPrefix;
    final int qos;
    final boolean retain;
    final boolean fieldTopics;
    final boolean fieldTopicsRetain;
    final boolean cleanStart;
    final long sessionExpiryInterval;
    final int keepAliveInterval;
    final int connectTimeout;
    final String username;
    final byte[] password;
    final Path tlsCaFile;
    final Path tlsClientCertificateFile;
    final Path tlsClientKeyFile;
    final boolean tlsHostnameVerification;
    final String statusTopic;
    final String statusOnlinePayload;
    final String statusOfflinePayload;
    final int maxInflight;
    final long reconnectDelayMinMs;
    final long reconnectDelayMaxMs;
    final Path storeDirectory;
    final QueueOptions storeOptions;
    final int refusalRetryMaxAttempts;
    final Path deadLetterDirectory;
    final DeadLetterOptions deadLetterOptions;

    MqttSettings(MqttSinkConfig c, Path dataArea) {
        stageName = c.plantwire_stage_name() == null ? "" : c.plantwire_stage_name().trim();
        if (!Isa95Path.isValidName(stageName)) {
            throw invalid("plantwire.stage.name", stageName,
                    "use 1-64 characters A-Z a-z 0-9 _ - . starting with a letter or digit");
        }
        brokerUrl = c.broker_url() == null ? "" : c.broker_url().trim();
        URI uri;
        try {
            uri = new URI(brokerUrl);
        } catch (URISyntaxException e) {
            throw invalid("broker.url", brokerUrl, e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("tcp") && !scheme.equals("ssl")) {
            throw invalid("broker.url", brokerUrl, "use tcp://host:port or ssl://host:port");
        }
        if (uri.getHost() == null || uri.getPort() < 1) {
            throw invalid("broker.url", brokerUrl, "host and port are required, e.g. tcp://127.0.0.1:1883");
        }
        tls = scheme.equals("ssl");
        String version = c.mqtt_version() == null ? "" : c.mqtt_version().trim();
        if (version.equals("5") || version.equals("5.0")) {
            mqttVersion = 5;
        } else if (version.equals("3.1.1")) {
            mqttVersion = 3;
        } else {
            throw invalid("mqtt.version", version, "use 5 or 3.1.1");
        }
        String id = c.client_id() == null ? "" : c.client_id().trim();
        clientId = id.isEmpty() ? "plantwire-" + stageName : id;
        if (clientId.length() > 65535) {
            throw invalid("client.id", clientId, "too long");
        }
        topicPrefix = c.topic_prefix() == null ? "" : c.topic_prefix().trim();
        if (!topicPrefix.isEmpty()) {
            checkTopic("topic.prefix", topicPrefix);
        }
        qos = c.qos();
        if (qos < 0 || qos > 2) {
            throw invalid("qos", Integer.toString(qos), "use 0, 1 or 2");
        }
        retain = c.retain();
        fieldTopics = c.field_topics();
        fieldTopicsRetain = c.field_topics_retain();
        cleanStart = c.clean_start();
        sessionExpiryInterval = c.session_expiry_interval();
        if (sessionExpiryInterval < 0 || sessionExpiryInterval > 0xFFFFFFFFL) {
            throw invalid("session.expiry.interval", Long.toString(sessionExpiryInterval),
                    "use 0 .. 4294967295 seconds");
        }
        keepAliveInterval = c.keep_alive_interval();
        if (keepAliveInterval < 0 || keepAliveInterval > 65535) {
            throw invalid("keep.alive.interval", Integer.toString(keepAliveInterval), "use 0 .. 65535 seconds");
        }
        connectTimeout = c.connect_timeout();
        if (connectTimeout < 1 || connectTimeout > 600) {
            throw invalid("connect.timeout", Integer.toString(connectTimeout), "use 1 .. 600 seconds");
        }
        username = c.username() == null ? "" : c.username();
        String pw = c._password() == null ? "" : c._password();
        password = pw.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (!username.isEmpty() || password.length == 0) {
            // fine: anonymous, or username with or without password
        } else {
            // MQTT 5 allows a password without a user name, but most brokers reject it: say so early
            throw new IllegalArgumentException("configuration attribute '.password' is set but 'username' is "
                    + "empty: set a username");
        }
        tlsCaFile = optionalFile("tls.ca.file", c.tls_ca_file());
        tlsClientCertificateFile = optionalFile("tls.client.certificate.file", c.tls_client_certificate_file());
        tlsClientKeyFile = optionalFile("tls.client.key.file", c.tls_client_key_file());
        if ((tlsClientCertificateFile == null) != (tlsClientKeyFile == null)) {
            throw new IllegalArgumentException("configuration attributes 'tls.client.certificate.file' ('"
                    + nullToEmpty(tlsClientCertificateFile) + "') and 'tls.client.key.file' ('"
                    + nullToEmpty(tlsClientKeyFile) + "') must be set together for mutual TLS");
        }
        if (!tls && (tlsCaFile != null || tlsClientCertificateFile != null)) {
            throw invalid("broker.url", brokerUrl, "TLS files are configured: use ssl://host:port");
        }
        tlsHostnameVerification = c.tls_hostname_verification();
        String st = c.status_topic() == null ? "" : c.status_topic().trim().replace("{client_id}", clientId);
        if (!st.isEmpty()) {
            checkTopic("status.topic", st);
        }
        statusTopic = st;
        statusOnlinePayload = c.status_online_payload() == null ? "" : c.status_online_payload();
        statusOfflinePayload = c.status_offline_payload() == null ? "" : c.status_offline_payload();
        maxInflight = c.max_inflight();
        if (maxInflight < 1 || maxInflight > 65535) {
            throw invalid("max.inflight", Integer.toString(maxInflight), "use 1 .. 65535");
        }
        reconnectDelayMinMs = c.reconnect_delay_min_ms();
        reconnectDelayMaxMs = c.reconnect_delay_max_ms();
        if (reconnectDelayMinMs < 10) {
            throw invalid("reconnect.delay.min.ms", Long.toString(reconnectDelayMinMs), "use at least 10");
        }
        if (reconnectDelayMaxMs < reconnectDelayMinMs) {
            throw invalid("reconnect.delay.max.ms", Long.toString(reconnectDelayMaxMs),
                    "must not be less than reconnect.delay.min.ms (" + reconnectDelayMinMs + ")");
        }
        // the store.*, deadletter.* and refusal.* attributes every sink shares, checked the same way
        storeDirectory = StoreSettings.directory(c.store_directory(), dataArea, "mqtt-" + stageName);
        storeOptions = StoreSettings.options(c.store_max_bytes(), c.store_overflow_policy(), c.store_fsync_policy(),
                c.store_fsync_interval_ms(), c.store_fsync_every_records());
        refusalRetryMaxAttempts = StoreSettings.refusalAttempts(c.refusal_retry_max_attempts());
        deadLetterDirectory = StoreSettings.deadLetterDirectory(storeDirectory);
        deadLetterOptions = StoreSettings.deadLetterOptions(c.deadletter_max_records(), c.deadletter_max_bytes(),
                c.deadletter_full_policy());
    }

    /** The broker URL for logs and status: user information masked ({@link Redaction}). */
    String shownBrokerUrl() {
        return Redaction.redact(brokerUrl);
    }

    /** Text for logs and status with credentials masked, the configured password included. */
    String redact(String text) {
        return Redaction.redact(text, secrets());
    }

    /** What a text shown to people must not contain: the broker password. */
    CharSequence[] secrets() {
        return new CharSequence[] { new String(password, java.nio.charset.StandardCharsets.UTF_8) };
    }

    /** Whether the configuration carries a password; the password itself is never shown. */
    boolean hasPassword() {
        return password.length > 0;
    }

    @Override
    public String toString() {
        // for logs: everything that helps, nothing secret
        return "MQTT sink '" + stageName + "' -> " + shownBrokerUrl() + " (MQTT " + (mqttVersion == 5 ? "5" : "3.1.1")
                + ") as " + clientId + (username.isEmpty() ? ""
                : " user " + username + (hasPassword() ? " (password set)" : "")) + ", qos " + qos
                + (topicPrefix.isEmpty() ? "" : ", prefix " + topicPrefix) + ", store " + storeDirectory;
    }

    static void checkTopic(String attribute, String topic) {
        if (topic.startsWith("/") || topic.endsWith("/") || topic.contains("//")) {
            throw invalid(attribute, topic, "no leading, trailing or doubled '/'");
        }
        if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0 || topic.indexOf('\0') >= 0) {
            throw invalid(attribute, topic, "'+', '#' and NUL are not allowed in a topic name");
        }
        if (topic.startsWith("$")) {
            throw invalid(attribute, topic, "topics starting with '$' are reserved for the broker");
        }
    }

    private static Path optionalFile(String attribute, String value) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) {
            return null;
        }
        Path p = Path.of(v);
        if (!Files.isReadable(p)) {
            throw invalid(attribute, v, "file does not exist or is not readable");
        }
        return p;
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String attribute, String value) {
        return StoreSettings.enumValue(type, attribute, value);
    }

    private static String nullToEmpty(Path p) {
        return p == null ? "" : p.toString();
    }

    static IllegalArgumentException invalid(String attribute, String value, String why) {
        return StoreSettings.invalid(attribute, value, why);
    }
}
