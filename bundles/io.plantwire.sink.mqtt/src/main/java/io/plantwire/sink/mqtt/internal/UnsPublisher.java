package io.plantwire.sink.mqtt.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLSocketFactory;


import io.plantwire.api.text.Redaction;
import io.plantwire.store.StoreAndForwardQueue;
import io.plantwire.store.StoredRecord;

/**
 * Drains the store to the broker on its own thread.
 *
 * <p>Records are read from the store in order and published with up to {@code max.inflight} messages
 * unacknowledged. A record is acknowledged to the store only when the broker has acknowledged every message of it
 * and of all records before it, so the store's head never passes an unconfirmed record. On any connection problem
 * the client is thrown away, and after a back-off a new connection publishes again from the store's head: records
 * whose acknowledgement was lost are sent twice (at least once), none is skipped. Paho's 32202 ("too many
 * publishes in progress") means: wait for an acknowledgement and publish the same message again.
 *
 * <p>Paho keeps nothing: it gets a memory persistence and a fresh client per connection, because the store
 * is the only persistence and stale client state would only produce more duplicates.
 */
final class UnsPublisher {

    private static final System.Logger LOG = System.getLogger(UnsPublisher.class.getName());
    private static final int BATCH_BYTES = 1 << 20;
    private static final long IDLE_WAIT_MS = 200;

    private final MqttSettings settings;
    private final StoreAndForwardQueue queue;
    private final SSLSocketFactory socketFactory;
    private final Thread thread;

    // window state, guarded by 'window'
    private final Object window = new Object();
    private final TreeMap<Long, int[]> inFlight = new TreeMap<>(); // position -> messages still unacknowledged
    private int inFlightMessages;
    private long generation;

    private volatile boolean stopping;
    private volatile boolean connected;
    private volatile String lastError = "";
    private volatile Instant lastDelivery;
    private volatile BrokerClient client;
    private final AtomicLong deliveredRecords = new AtomicLong();
    private final AtomicLong publishedMessages = new AtomicLong();
    private final AtomicLong refusedMessages = new AtomicLong();
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong inflightFullRetries = new AtomicLong();

    private long nextToSend;

    UnsPublisher(MqttSettings settings, StoreAndForwardQueue queue, SSLSocketFactory socketFactory) {
        this.settings = settings;
        this.queue = queue;
        this.socketFactory = socketFactory;
        this.thread = new Thread(this::run, "plantwire-mqtt-publisher " + settings.stageName);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Stops publishing: waits briefly for acknowledgements in flight, publishes the offline status, disconnects
     * cleanly and closes the client. Never interrupts the thread: an interrupt would close the store's file
     * channels under it.
     */
    void stop() {
        stopping = true;
        synchronized (window) {
            window.notifyAll();
        }
        try {
            thread.join(5000 + settings.connectTimeout * 1000L);
            if (thread.isAlive()) {
                BrokerClient c = client;
                if (c != null) {
                    c.close(); // unblocks a hanging connect or publish
                }
                thread.join(5000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean connected() {
        return connected;
    }

    String lastError() {
        return lastError;
    }

    Instant lastDelivery() {
        return lastDelivery;
    }

    long deliveredRecords() {
        return deliveredRecords.get();
    }

    long publishedMessages() {
        return publishedMessages.get();
    }

    long refusedMessages() {
        return refusedMessages.get();
    }

    long connects() {
        return connects.get();
    }

    long inflightFullRetries() {
        return inflightFullRetries.get();
    }

    // ------------------------------------------------------------------ publisher thread

    private void run() {
        long backoff = settings.reconnectDelayMinMs;
        while (!stopping) {
            try {
                if (!connected) {
                    if (!connect()) {
                        pause(backoff);
                        backoff = Math.min(backoff * 2, settings.reconnectDelayMaxMs);
                        continue;
                    }
                    backoff = settings.reconnectDelayMinMs;
                }
                pump();
            } catch (IOException | RuntimeException e) {
                // the store failed or a bug: keep the thread alive, report, try again later
                lastError = "publisher: " + e;
                LOG.log(Level.ERROR, "MQTT sink '" + settings.stageName + "': " + e, e);
                dropConnection(generationNow(), "publisher error: " + e);
                pause(backoff);
                backoff = Math.min(backoff * 2, settings.reconnectDelayMaxMs);
            }
        }
        shutdown();
    }

    private boolean connect() {
        BrokerClient old = client;
        if (old != null) {
            client = null;
            old.close();
        }
        long gen;
        synchronized (window) {
            gen = ++generation;
            inFlight.clear();
            inFlightMessages = 0;
        }
        BrokerClient c = null;
        try {
            c = settings.mqttVersion == 5 ? new Paho5Client(settings, socketFactory)
                    : new Paho3Client(settings, socketFactory);
            client = c;
            c.connect(why -> dropConnection(gen, why));
            if (!settings.statusTopic.isEmpty()) {
                c.publishAndWait(settings.statusTopic, settings.statusOnlinePayload.getBytes(StandardCharsets.UTF_8),
                        1, true, settings.connectTimeout * 1000L);
            }
            nextToSend = queue.headPosition();
            connected = true;
            connects.incrementAndGet();
            lastError = "";
            LOG.log(Level.INFO, "MQTT sink ''{0}'' connected to {1} (MQTT {2}); backlog {3} records",
                    settings.stageName, settings.shownBrokerUrl(), settings.mqttVersion == 5 ? "5" : "3.1.1",
                    queue.stats().records());
            return true;
        } catch (Exception e) {
            lastError = settings.redact("connect to " + settings.brokerUrl + " failed: " + BrokerClient.describe(e));
            LOG.log(Level.WARNING, "MQTT sink ''{0}'': {1}", settings.stageName, lastError);
            if (c != null) {
                client = null;
                c.close();
            }
            return false;
        }
    }

    /** Publishes what fits into the window, or waits a little for room or for records. */
    private void pump() throws IOException {
        int room;
        synchronized (window) {
            long deadline = System.currentTimeMillis() + IDLE_WAIT_MS;
            while (connected && !stopping && inFlightMessages >= settings.maxInflight) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return;
                }
                waitOnWindow(left);
            }
            room = settings.maxInflight - inFlightMessages;
        }
        if (!connected || stopping) {
            return;
        }
        List<StoredRecord> batch = queue.read(nextToSend, Math.max(1, room), BATCH_BYTES);
        if (batch.isEmpty()) {
            try {
                queue.awaitRecords(nextToSend, IDLE_WAIT_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        BrokerClient c = client;
        long gen = generationNow();
        for (StoredRecord r : batch) {
            List<OutboundMessage> messages;
            try {
                messages = OutboundMessage.decode(r.payload());
            } catch (RuntimeException e) {
                // cannot happen with our own writer; never let one bad record block the queue forever
                LOG.log(Level.ERROR, "MQTT sink '" + settings.stageName + "': undecodable store record "
                        + r.position() + " skipped", e);
                refusedMessages.incrementAndGet();
                messages = List.of();
            }
            synchronized (window) {
                if (gen != generation) {
                    return;
                }
                inFlight.put(r.position(), new int[] { messages.size() });
            }
            if (messages.isEmpty()) {
                complete(gen, r.position(), false);
            }
            for (OutboundMessage m : messages) {
                if (!publish(c, gen, r.position(), m)) {
                    return; // connection gone: the next connection starts again at the store's head
                }
            }
            nextToSend = r.position() + 1;
        }
    }

    private boolean publish(BrokerClient c, long gen, long position, OutboundMessage m) {
        while (true) {
            if (stopping || !connected || gen != generationNow() || c == null) {
                return false;
            }
            synchronized (window) {
                inFlightMessages++;
            }
            try {
                c.publish(m.topic(), m.payload(), m.qos(), m.retain(), new Delivery(gen, position), deliveries);
                return true;
            } catch (BrokerClient.InflightFullException e) {
                synchronized (window) {
                    inFlightMessages--;
                    // Paho's window (the broker's receive maximum) is smaller than ours: wait for an
                    // acknowledgement, then the same message again
                    inflightFullRetries.incrementAndGet();
                    waitOnWindow(20);
                }
            } catch (Exception e) {
                synchronized (window) {
                    inFlightMessages--;
                }
                dropConnection(gen, "publish failed: " + BrokerClient.describe(e));
                return false;
            }
        }
    }

    private void waitOnWindow(long millis) {
        try {
            window.wait(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long generationNow() {
        synchronized (window) {
            return generation;
        }
    }

    /** The broker acknowledged one message of the record at {@code position} (or refused it for good). */
    private void complete(long gen, long position, boolean countMessage) {
        long ackUpTo = -1;
        long records = 0;
        synchronized (window) {
            if (gen != generation) {
                return; // from a connection given up: its records are being published again
            }
            int[] left = inFlight.get(position);
            if (left == null) {
                return;
            }
            if (countMessage) {
                inFlightMessages--;
            }
            left[0]--;
            // acknowledge the longest fully confirmed run at the head of the window
            while (!inFlight.isEmpty()) {
                Map.Entry<Long, int[]> first = inFlight.firstEntry();
                if (first.getValue()[0] > 0) {
                    break;
                }
                ackUpTo = first.getKey();
                inFlight.pollFirstEntry();
                records++;
            }
            window.notifyAll();
        }
        if (ackUpTo >= 0) {
            try {
                queue.acknowledge(ackUpTo);
                deliveredRecords.addAndGet(records);
                lastDelivery = Instant.now();
            } catch (IOException | RuntimeException e) {
                // the record stays in the store and goes out again: a duplicate, never a loss
                lastError = "store acknowledge failed: " + e;
                LOG.log(Level.WARNING, "MQTT sink '" + settings.stageName + "': " + lastError, e);
            }
        }
    }

    private void dropConnection(long gen, String why) {
        synchronized (window) {
            if (gen != generation || !connected) {
                return;
            }
            connected = false;
            window.notifyAll();
        }
        lastError = why;
        LOG.log(Level.WARNING, "MQTT sink ''{0}'': {1}; reconnecting", settings.stageName, why);
    }

    private void pause(long millis) {
        synchronized (window) {
            long deadline = System.currentTimeMillis() + millis;
            while (!stopping) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return;
                }
                waitOnWindow(left);
            }
        }
    }

    private void shutdown() {
        BrokerClient c = client;
        if (c == null) {
            return;
        }
        try {
            if (connected) {
                // give acknowledgements in flight a moment, so fewer records go out twice after a restart
                synchronized (window) {
                    long deadline = System.currentTimeMillis() + 2000;
                    while (inFlightMessages > 0 && connected && System.currentTimeMillis() < deadline) {
                        waitOnWindow(deadline - System.currentTimeMillis());
                    }
                }
                if (!settings.statusTopic.isEmpty()) {
                    c.publishAndWait(settings.statusTopic,
                            settings.statusOfflinePayload.getBytes(StandardCharsets.UTF_8), 1, true, 2000);
                }
                c.disconnect(2000); // a clean DISCONNECT: the will is not sent
            }
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "MQTT sink '" + settings.stageName + "': clean disconnect failed: " + e);
        } finally {
            connected = false;
            client = null;
            c.close();
        }
    }

    // ------------------------------------------------------------------ callbacks (Paho threads)

    private record Delivery(long generation, long position) {
    }

    private final BrokerClient.Completion deliveries = new BrokerClient.Completion() {
        @Override
        public void acknowledged(Object context, int code, String topic) {
            Delivery d = (Delivery) context;
            if (code >= 0x80) {
                if (code == MqttClientReasons.QUOTA_EXCEEDED) {
                    // the broker is temporarily full: treat like a lost connection and send again later
                    dropConnection(d.generation(), "broker quota exceeded (reason 0x97)");
                    return;
                }
                // refused for good (not authorized, topic invalid, ...): retrying cannot help; count and go on
                refusedMessages.incrementAndGet();
                lastError = "broker refused a message on " + topic + " with reason 0x" + Integer.toHexString(code);
                LOG.log(Level.WARNING, "MQTT sink ''{0}'': {1}", settings.stageName, lastError);
            } else {
                publishedMessages.incrementAndGet();
            }
            complete(d.generation(), d.position(), true);
        }

        @Override
        public void failed(Object context, Throwable e) {
            Delivery d = (Delivery) context;
            dropConnection(d.generation(), "delivery failed: " + BrokerClient.describe(e));
        }
    };

    /** MQTT 5 codes the publisher acts on. */
    static final class MqttClientReasons {
        /** MQTT 5 PUBACK/PUBREC reason "Quota exceeded". */
        static final int QUOTA_EXCEEDED = 0x97;

        private MqttClientReasons() {
        }
    }
}
