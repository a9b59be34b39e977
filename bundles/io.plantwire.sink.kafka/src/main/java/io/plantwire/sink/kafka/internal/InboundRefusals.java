package io.plantwire.sink.kafka.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;

import io.plantwire.api.text.SafeText;

/**
 * Counts and reports MQTT messages the bridge refused for their size. Logs the first refusal and then at most one
 * line a minute with the count since, so a flood of oversize messages cannot flood the log; the MQTT topic is
 * quoted escaped and cut, since whoever publishes chooses it.
 */
final class InboundRefusals {

    private static final System.Logger LOG = System.getLogger(MqttKafkaBridge.class.getName());
    private static final long LOG_INTERVAL_NANOS = 60_000_000_000L;
    private static final int TOPIC_CHARS = 200;

    private final String bridge;
    private final int maxMessageBytes;
    private final AtomicLong count = new AtomicLong();
    private volatile String last = "";
    // Paho calls back on one thread: the fields below are only touched there.
    private long loggedAt;
    private long loggedCount;
    private boolean loggedOnce;

    InboundRefusals(String bridge, int maxMessageBytes) {
        this.bridge = bridge;
        this.maxMessageBytes = maxMessageBytes;
    }

    void refused(String topic, int payloadBytes) {
        long n = count.incrementAndGet();
        last = "message on '" + SafeText.printable(topic, TOPIC_CHARS) + "' with " + payloadBytes
                + " payload bytes refused: larger than mqtt.max.message.bytes " + maxMessageBytes;
        long now = System.nanoTime();
        if (!loggedOnce || now - loggedAt >= LOG_INTERVAL_NANOS) {
            LOG.log(Level.WARNING, "MQTT-Kafka bridge ''{0}'': {1} ({2} refused since the last such line, {3} in "
                    + "all; not forwarded, acknowledged)", SafeText.printable(bridge), last, n - loggedCount, n);
            loggedOnce = true;
            loggedAt = now;
            loggedCount = n;
        }
    }

    /** Messages refused for their size since start. */
    long count() {
        return count.get();
    }

    /** The last refusal, for status; empty if none. */
    String last() {
        return last;
    }
}
