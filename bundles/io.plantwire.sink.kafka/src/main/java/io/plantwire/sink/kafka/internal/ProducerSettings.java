package io.plantwire.sink.kafka.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.plantwire.api.text.Redaction;
import io.plantwire.store.StoreAndForwardQueue;
import io.plantwire.store.deadletter.DeadLetterStore;

/**
 * The producer's configuration and how the forwarder feeds it, shared by the sink and the bridge: what the gateway
 * guarantees is fixed here (acks=all, idempotence, unlimited retries within delivery.timeout.ms, at most 5 requests in
 * flight so the idempotent producer keeps order per partition); connection, security, batching, the records in
 * flight and the retry back-off come from configuration, and are checked here once for both.
 * Secrets go only into the producer's {@code Properties}, which Kafka logs as {@code [hidden]}.
 */
final class ProducerSettings {

    static final Set<String> COMPRESSION_TYPES = Set.of("none", "gzip", "snappy", "lz4", "zstd");
    static final Set<String> SECURITY_PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    static final Set<String> SASL_MECHANISMS = Set.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
    static final Set<String> STORE_TYPES = Set.of("PKCS12", "JKS", "PEM");

    /** Producer properties the gateway's delivery guarantee depends on: not overridable by extra properties. */
    static final Set<String> FIXED = Set.of("acks", "enable.idempotence", "retries", "key.serializer",
            "value.serializer", "max.in.flight.requests.per.connection", "transactional.id", "bootstrap.servers",
            "client.id", "sasl.jaas.config");

    String bootstrapServers;
    String clientId;
    String compressionType = "lz4";
    int lingerMs = 5;
    int batchSize = 131072;
    /**
     * 8 MiB, not the Kafka client's 32 MiB: the producer's pool keeps every batch buffer it ever allocated, so one
     * backlog (a broker outage, the first seconds before topic metadata) kept 32 MiB of the gateway's 128 MiB heap
     * for good (measured under load: 21 MB less live heap, 22 MiB less RSS with 8 MiB). The store is the real buffer;
     * the producer needs only the records in flight.
     */
    static final long DEFAULT_BUFFER_MEMORY = 8L << 20;
    long bufferMemory = DEFAULT_BUFFER_MEMORY;
    /**
     * Records handed to the producer and not yet acknowledged, at most: sized to fit {@link #DEFAULT_BUFFER_MEMORY}
     * with records of a few KiB (a 56-field UNS record is ~3 KiB), so a send does not wait for buffer space. With
     * 20,000 and the 8 MiB buffer the wide benchmark delivered 1,674 msg/s, with 2,000 1,890 (32 MiB and 20,000:
     * 2,031, at 21 MiB more RSS; one 80 s run each, docs/decisions/sink-throughput.md).
     */
    static final int DEFAULT_MAX_INFLIGHT_RECORDS = 2000;
    int maxInflightRecords = DEFAULT_MAX_INFLIGHT_RECORDS;
    long retryBackoffMinMs = 500;
    long retryBackoffMaxMs = 30000;
    /** Records the forwarder reads from the store at a time. */
    static final int READ_BATCH_RECORDS = 2000;
    int deliveryTimeoutMs = 120000;
    int requestTimeoutMs = 30000;
    long maxBlockMs = 10000;
    String securityProtocol = "PLAINTEXT";
    String saslMechanism = "PLAIN";
    String saslUsername = "";
    String saslPassword = "";
    String truststoreLocation = "";
    String truststoreType = "PKCS12";
    String truststorePassword = "";
    String keystoreLocation = "";
    String keystoreType = "PKCS12";
    String keystorePassword = "";
    String keyPassword = "";
    boolean hostnameVerification = true;
    Map<String, String> extra = new LinkedHashMap<>();

    /**
     * Checks every value and fails with a message naming the attribute and the value.
     */
    void validate() {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap.servers must name at least one host:port, got '"
                    + Redaction.redact(bootstrapServers) + "'");
        }
        for (String server : bootstrapServers.split(",")) {
            String s = server.trim();
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || colon == s.length() - 1) {
                throw new IllegalArgumentException("bootstrap.servers entry '" + Redaction.redact(s)
                        + "' is not host:port");
            }
            try {
                int port = Integer.parseInt(s.substring(colon + 1));
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bootstrap.servers entry '" + Redaction.redact(s)
                        + "' has no valid port");
            }
        }
        oneOf("compression.type", compressionType, COMPRESSION_TYPES);
        CompressionCodecs.requireLoadable(compressionType, KafkaProducer.class.getClassLoader());
        oneOf("security.protocol", securityProtocol, SECURITY_PROTOCOLS);
        atLeast("linger.ms", lingerMs, 0);
        atLeast("batch.size", batchSize, 0);
        atLeast("buffer.memory", bufferMemory, 1 << 20);
        atLeast("request.timeout.ms", requestTimeoutMs, 1);
        atLeast("max.block.ms", maxBlockMs, 0);
        atLeast("forward.max.inflight.records", maxInflightRecords, 1);
        if (retryBackoffMinMs < 1 || retryBackoffMaxMs < retryBackoffMinMs) {
            throw new IllegalArgumentException("retry.backoff.min.ms (" + retryBackoffMinMs
                    + ") must be at least 1 and at most retry.backoff.max.ms (" + retryBackoffMaxMs + ")");
        }
        if ((long) deliveryTimeoutMs < (long) lingerMs + requestTimeoutMs) {
            throw new IllegalArgumentException("delivery.timeout.ms " + deliveryTimeoutMs
                    + " must be at least linger.ms + request.timeout.ms (" + lingerMs + " + " + requestTimeoutMs
                    + ")");
        }
        if (securityProtocol.startsWith("SASL_")) {
            oneOf("sasl.mechanism", saslMechanism, SASL_MECHANISMS);
            if (saslUsername.isBlank()) {
                throw new IllegalArgumentException("sasl.username must be set for security.protocol "
                        + securityProtocol + ", got ''");
            }
        }
        if (securityProtocol.endsWith("SSL")) {
            oneOf("ssl.truststore.type", truststoreType, STORE_TYPES);
            oneOf("ssl.keystore.type", keystoreType, STORE_TYPES);
            if (!truststoreLocation.isEmpty() && !new java.io.File(truststoreLocation).isFile()) {
                throw new IllegalArgumentException("ssl.truststore.location '" + truststoreLocation
                        + "' is not a readable file");
            }
            if (!keystoreLocation.isEmpty() && !new java.io.File(keystoreLocation).isFile()) {
                throw new IllegalArgumentException("ssl.keystore.location '" + keystoreLocation
                        + "' is not a readable file");
            }
        }
        for (String key : extra.keySet()) {
            if (FIXED.contains(key)) {
                throw new IllegalArgumentException("producer.properties may not set '" + key
                        + "': the sink fixes it (delivery guarantee or its own attribute)");
            }
        }
    }

    private static void oneOf(String attribute, String value, Set<String> allowed) {
        if (!allowed.contains(value)) {
            throw new IllegalArgumentException(attribute + " must be one of " + allowed.stream().sorted().toList()
                    + ", got '" + value + "'");
        }
    }

    private static void atLeast(String attribute, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(attribute + " must be at least " + min + ", got " + value);
        }
    }

    /** Parses {@code key=value} lines of the producer.properties attribute. */
    static Map<String, String> parseExtra(String attribute, String[] lines) {
        Map<String, String> m = new LinkedHashMap<>();
        if (lines == null) {
            return m;
        }
        for (String line : lines) {
            if (line == null || line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(attribute + " entry '" + Redaction.redact(line)
                        + "' is not key=value");
            }
            m.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
        return m;
    }

    Properties toProperties() {
        Properties p = new Properties();
        p.putAll(extra);
        p.put("bootstrap.servers", bootstrapServers);
        p.put("client.id", clientId);
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("retries", Integer.toString(Integer.MAX_VALUE));
        p.put("max.in.flight.requests.per.connection", "5");
        p.put("compression.type", compressionType);
        p.put("linger.ms", Integer.toString(lingerMs));
        p.put("batch.size", Integer.toString(batchSize));
        p.put("buffer.memory", Long.toString(bufferMemory));
        p.put("delivery.timeout.ms", Integer.toString(deliveryTimeoutMs));
        p.put("request.timeout.ms", Integer.toString(requestTimeoutMs));
        p.put("max.block.ms", Long.toString(maxBlockMs));
        p.put("security.protocol", securityProtocol);
        if (securityProtocol.startsWith("SASL_")) {
            p.put("sasl.mechanism", saslMechanism);
            String module = saslMechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                    : "org.apache.kafka.common.security.scram.ScramLoginModule";
            p.put("sasl.jaas.config", module + " required username=" + jaasQuote(saslUsername) + " password="
                    + jaasQuote(saslPassword) + ";");
        }
        if (securityProtocol.endsWith("SSL")) {
            if (!truststoreLocation.isEmpty()) {
                p.put("ssl.truststore.location", truststoreLocation);
                p.put("ssl.truststore.type", truststoreType);
                if (!truststorePassword.isEmpty()) {
                    p.put("ssl.truststore.password", truststorePassword);
                }
            }
            if (!keystoreLocation.isEmpty()) {
                p.put("ssl.keystore.location", keystoreLocation);
                p.put("ssl.keystore.type", keystoreType);
                if (!keystorePassword.isEmpty()) {
                    p.put("ssl.keystore.password", keystorePassword);
                }
                if (!keyPassword.isEmpty()) {
                    p.put("ssl.key.password", keyPassword);
                }
            }
            p.put("ssl.endpoint.identification.algorithm", hostnameVerification ? "https" : "");
        }
        return p;
    }

    /** JAAS option values are quoted strings; a quote or backslash in a password must not end them early. */
    static String jaasQuote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /**
     * Creates a producer. The thread context class loader is cleared while kafka-clients builds its configuration:
     * inside OSGi it would otherwise look up its own default classes (e.g. DefaultJwtRetriever) through the
     * caller's loader and fail; with none set it uses its own bundle's loader.
     */
    Producer<byte[], byte[]> createProducer() {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(null);
        try {
            return new KafkaProducer<>(toProperties(), new ByteArraySerializer(), new ByteArraySerializer());
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    /** The forwarder that sends the records of {@code queue} through producers made from these settings. */
    KafkaForwarder forwarder(String name, StoreAndForwardQueue queue, DeadLetterStore deadLetters,
            int refusalRetryMaxAttempts) {
        return new KafkaForwarder(name, queue, this::createProducer, closeTimeout(), maxInflightRecords,
                READ_BATCH_RECORDS, retryBackoffMinMs, retryBackoffMaxMs, deadLetters, refusalRetryMaxAttempts);
    }

    /** How long a clean stop waits for records already handed to the producer. */
    Duration closeTimeout() {
        return Duration.ofMillis(Math.min(5000, requestTimeoutMs));
    }

    /**
     * The configured secrets (SASL, trust store, key store and key passwords, and producer.properties values of keys
     * named like a secret), for {@link Redaction#redact(String, CharSequence...)} of messages that may quote them.
     */
    String[] knownSecrets() {
        java.util.List<String> secrets = new java.util.ArrayList<>(
                java.util.List.of(saslPassword, truststorePassword, keystorePassword, keyPassword));
        extra.forEach((key, value) -> {
            if (Redaction.isSecretName(key)) {
                secrets.add(value);
            }
        });
        secrets.removeIf(s -> s == null || s.isEmpty());
        return secrets.toArray(new String[0]);
    }

    /** For logs: no secrets. */
    @Override
    public String toString() {
        return "bootstrap.servers=" + bootstrapServers + ", client.id=" + clientId + ", security.protocol="
                + securityProtocol + (securityProtocol.startsWith("SASL_") ? ", sasl.mechanism=" + saslMechanism
                        + ", sasl.username=" + saslUsername : "")
                + ", compression.type=" + compressionType + ", linger.ms=" + lingerMs + ", batch.size=" + batchSize;
    }
}
