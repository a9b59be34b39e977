package io.plantwire.sink.mqtt.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLSocketFactory;


import io.plantwire.api.text.SafeText;
import io.plantwire.sink.support.Backoff;
import io.plantwire.sink.support.DrainStatus;
import io.plantwire.sink.support.DrainThread;
import io.plantwire.store.StoreAndForwardQueue;
import io.plantwire.store.deadletter.DeadLetterStore;

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
 * <p>A message the broker refuses (MQTT 5 reason code 0x80 or more) is handled as {@link MqttRefusals} says: a
 * temporary refusal drops the connection and publishes again from the store's head after an exponential back-off
 * (so order is kept and the record stays in the store); a permanent one, or a temporary one that outlasts
 * {@code refusal.retry.max.attempts}, moves the message to the dead letters before its record is acknowledged.
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
    private final DeadLetterStore deadLetters;
    private final SSLSocketFactory socketFactory;
    private final DrainThread drain;
    private final DrainStatus status = new DrainStatus();
    // next()/reset() on the publisher thread only; forAttempt (the refusal back-off) from Paho's threads
    private final Backoff backoff;

    // window state, guarded by 'window'
    private final Object window = new Object();
    private final TreeMap<Long, int[]> inFlight = new TreeMap<>(); // position -> messages still unacknowledged
    private int inFlightMessages;
    private long generation;
    // after a PUBACK Paho could not parse (50001, which fails every message in flight): one message in flight at a
    // time from the connection generation probeFromGeneration on, until the store's head passes probeUntil
    private long probeUntil = -1;
    private long probeFromGeneration;
    private volatile long highestPublished = -1;

    private volatile BrokerClient client;
    private final AtomicLong publishedMessages = new AtomicLong();
    private final AtomicLong refusedMessages = new AtomicLong(); // moved to the dead letters
    private final AtomicLong retriedRefusals = new AtomicLong();

    // the message refused temporarily, counted over reconnects
    private final RefusalRetries refusals = new RefusalRetries();
    private volatile long retryPauseMs; // back-off the publisher thread waits before it reconnects
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong inflightFullRetries = new AtomicLong();

    private long nextToSend;
    // max.inflight, capped by the broker's Receive Maximum of the current connection: Paho refuses more (32202), and
    // each refusal was an exception and a wait; with the cap the window stays full without them
    private volatile int sendWindow;

    UnsPublisher(MqttSettings settings, StoreAndForwardQueue queue, DeadLetterStore deadLetters,
            SSLSocketFactory socketFactory) {
        this.settings = settings;
        this.queue = queue;
        this.deadLetters = deadLetters;
        this.socketFactory = socketFactory;
        this.backoff = new Backoff(settings.reconnectDelayMinMs, settings.reconnectDelayMaxMs);
        this.drain = new DrainThread("plantwire-mqtt-publisher " + settings.stageName, this::run);
    }

    void start() {
        drain.start();
    }

    /**
     * Stops publishing: waits briefly for acknowledgements in flight, publishes the offline status, disconnects
     * cleanly and closes the client. Never interrupts the thread: an interrupt would close the store's file
     * channels under it.
     */
    void stop() {
        drain.requestStop();
        synchronized (window) {
            window.notifyAll();
        }
        drain.stop(5000 + settings.connectTimeout * 1000L, () -> {
            BrokerClient c = client;
            if (c != null) {
                c.close(); // unblocks a hanging connect or publish
            }
        }, 5000);
    }

    /** Connected, last error, records delivered (acknowledged to the store) and when. */
    DrainStatus status() {
        return status;
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

    /** Temporary refusals answered by a back-off and a new attempt. */
    long retriedRefusals() {
        return retriedRefusals.get();
    }

    /** The in-flight window of the current connection: max.inflight capped by the broker's Receive Maximum. */
    int sendWindow() {
        return sendWindow;
    }

    long inflightFullRetries() {
        return inflightFullRetries.get();
    }

    // ------------------------------------------------------------------ publisher thread

    private void run() {
        while (!drain.stopping()) {
            try {
                if (!status.isConnected()) {
                    long wait = retryPauseMs;
                    if (wait > 0) {
                        retryPauseMs = 0;
                        // a temporary refusal: give the broker time before the same message again
                        if (!drain.pause(wait)) {
                            break;
                        }
                    }
                    if (!connect()) {
                        drain.pause(backoff.next());
                        continue;
                    }
                    backoff.reset();
                }
                pump();
            } catch (IOException | RuntimeException e) {
                // the store failed or a bug: keep the thread alive, report, try again later
                status.error("publisher: " + e); // kept if the connection was already dropped meanwhile
                LOG.log(Level.ERROR, "MQTT sink '" + settings.stageName + "': " + e, e);
                dropConnection(generationNow(), "publisher error: " + e);
                drain.pause(backoff.next());
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
            sendWindow = Math.max(1, Math.min(settings.maxInflight, c.receiveMaximum()));
            if (!settings.statusTopic.isEmpty()) {
                c.publishAndWait(settings.statusTopic, settings.statusOnlinePayload.getBytes(StandardCharsets.UTF_8),
                        1, true, settings.connectTimeout * 1000L);
            }
            nextToSend = queue.headPosition();
            status.connected();
            status.clearError();
            connects.incrementAndGet();
            LOG.log(Level.INFO, "MQTT sink ''{0}'' connected to {1} (MQTT {2}); backlog {3} records",
                    settings.stageName, settings.shownBrokerUrl(), settings.mqttVersion == 5 ? "5" : "3.1.1",
                    queue.stats().records());
            return true;
        } catch (Exception e) {
            String error = settings.redact("connect to " + settings.brokerUrl + " failed: " + BrokerClient.describe(e));
            status.error(error);
            LOG.log(Level.WARNING, "MQTT sink ''{0}'': {1}", settings.stageName, error);
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
            while (status.isConnected() && !drain.stopping() && inFlightMessages >= sendWindow) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return;
                }
                waitOnWindow(left);
            }
            room = probeUntil >= 0 ? 1 : sendWindow - inFlightMessages;
        }
        if (!status.isConnected() || drain.stopping()) {
            return;
        }
        List<StoredMessages> batch = queue.read(nextToSend, Math.max(1, room), BATCH_BYTES, StoredMessages::decode);
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
        for (StoredMessages r : batch) {
            List<OutboundMessage> messages = r.messages();
            if (r.undecodable() != null) {
                // cannot happen with our own writer; never let one bad record block the queue forever
                LOG.log(Level.ERROR, "MQTT sink '" + settings.stageName + "': undecodable store record "
                        + r.position() + " moved to the dead letters", r.error());
                // an IOException here retries the record
                deadLetters.add(r.undecodable(), "", "undecodable", String.valueOf(r.error()));
                refusedMessages.incrementAndGet();
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
            if (drain.stopping() || !status.isConnected() || gen != generationNow() || c == null) {
                return false;
            }
            synchronized (window) {
                if (probeUntil >= 0 && inFlightMessages > 0) {
                    waitOnWindow(50); // finding a refused message: the one before must be answered first
                    continue;
                }
                inFlightMessages++;
            }
            try {
                c.publish(m.topic(), m.payload(), m.qos(), m.retain(), new Delivery(gen, position, m), deliveries);
                highestPublished = Math.max(highestPublished, position);
                return true;
            } catch (BrokerClient.RefusedException e) {
                synchronized (window) {
                    inFlightMessages--;
                }
                refused(new Delivery(gen, position, m), e.reasonCode(), e.getMessage(), false);
                return status.isConnected() && gen == generationNow();
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
            if (probeUntil >= 0 && ackUpTo >= probeUntil) {
                probeUntil = -1; // past every message that was in flight when Paho failed: full window again
            }
            window.notifyAll();
        }
        if (ackUpTo >= 0) {
            try {
                queue.acknowledge(ackUpTo);
                status.delivered(records);
            } catch (IOException | RuntimeException e) {
                // the record stays in the store and goes out again: a duplicate, never a loss
                status.error("store acknowledge failed: " + e);
                LOG.log(Level.WARNING, "MQTT sink '" + settings.stageName + "': store acknowledge failed: " + e, e);
            }
        }
    }

    private void dropConnection(long gen, String why) {
        synchronized (window) {
            if (gen != generation || !status.isConnected()) {
                return;
            }
            status.disconnected();
            window.notifyAll();
        }
        status.error(why);
        LOG.log(Level.WARNING, "MQTT sink ''{0}'': {1}; reconnecting", settings.stageName, why);
    }

    private void shutdown() {
        BrokerClient c = client;
        if (c == null) {
            return;
        }
        try {
            if (status.isConnected()) {
                // give acknowledgements in flight a moment, so fewer records go out twice after a restart
                synchronized (window) {
                    long deadline = System.currentTimeMillis() + 2000;
                    while (inFlightMessages > 0 && status.isConnected() && System.currentTimeMillis() < deadline) {
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
            status.disconnected();
            client = null;
            c.close();
        }
    }

    // ------------------------------------------------------------------ callbacks (Paho threads)

    private record Delivery(long generation, long position, OutboundMessage message) {
    }

    private final BrokerClient.Completion deliveries = new BrokerClient.Completion() {
        @Override
        public void acknowledged(Object context, int code, String topic) {
            Delivery d = (Delivery) context;
            if (code >= 0x80) {
                refused(d, code, null, true);
                return;
            }
            publishedMessages.incrementAndGet();
            refusals.delivered(d.position(), d.message().topic()); // a refused message that went through after all
            complete(d.generation(), d.position(), true);
        }

        @Override
        public void failed(Object context, Throwable e) {
            Delivery d = (Delivery) context;
            if (Paho5Client.isInvalidReasonCode(e)) {
                boolean alone;
                synchronized (window) {
                    if (d.generation() != generation) {
                        return;
                    }
                    alone = probeUntil >= 0 && d.generation() >= probeFromGeneration;
                    if (!alone && probeUntil < 0) {
                        probeUntil = Math.max(highestPublished, d.position());
                        probeFromGeneration = generation + 1;
                    }
                }
                if (alone) {
                    refused(d, MqttRefusals.INVALID_FOR_PAHO, null, true); // the only message in flight
                    return;
                }
                dropConnection(d.generation(), "the broker answered a publish with a reason code Paho rejects "
                        + "(50001); publishing one message at a time up to store position " + probeUntil
                        + " to find the refused one");
                return;
            }
            dropConnection(d.generation(), "delivery failed: " + BrokerClient.describe(e));
        }
    };

    /**
     * A message was refused with an MQTT 5 reason code (by the broker, or by the client for its size): back off
     * and retry it, or move it to the dead letters and go on (see {@link MqttRefusals}).
     *
     * @param countMessage whether the message counted in the window (it does unless the client refused to send it)
     */
    private void refused(Delivery d, int code, String detail, boolean countMessage) {
        if (d.generation() != generationNow()) {
            return; // an answer on a connection already given up: the message is being published again
        }
        if (refusals.retrying(d.generation())) {
            // an earlier message of this connection is being retried: this one is published again after it, and
            // counting or dead-lettering it now would count it twice
            return;
        }
        OutboundMessage m = d.message();
        MqttRefusals.Kind kind = MqttRefusals.kind(code);
        String what = "broker refused a message on " + m.topic() + " with reason " + MqttRefusals.describe(code)
                + (detail == null ? "" : " (" + detail + ")");
        if (kind != MqttRefusals.Kind.PERMANENT) {
            RefusalRetries.Attempt a = refusals.temporary(d.generation(), d.position(), m.topic(),
                    kind == MqttRefusals.Kind.BUSY, settings.refusalRetryMaxAttempts);
            int attempt = a.number();
            if (a.retry()) {
                long delay = backoff.forAttempt(attempt);
                retriedRefusals.incrementAndGet();
                retryPauseMs = delay;
                dropConnection(d.generation(), what + "; attempt " + attempt
                        + (kind == MqttRefusals.Kind.BUSY ? "" : " of " + settings.refusalRetryMaxAttempts)
                        + ", publishing again from the store in " + delay + " ms");
                return;
            }
            what += ", " + attempt + " times";
        }
        refusals.givenUp();
        // Under the window lock, so no reconnect can start a new generation between writing the dead letter and
        // completing the message: a completion the new generation ignored would publish (and dead-letter) it again.
        synchronized (window) {
            if (d.generation() != generation) {
                return;
            }
            try {
                boolean kept = deadLetters.add(OutboundMessage.encode(List.of(m)), m.topic(),
                        MqttRefusals.code(code), SafeText.printable(what, DeadLetterStore.MAX_TEXT));
                what += kept ? "; moved to the dead letters" : "; the dead-letter store is full, discarded";
                status.error(what);
            } catch (IOException | RuntimeException e) {
                // not kept anywhere else: the record stays in the store and is published again
                retryPauseMs = settings.reconnectDelayMaxMs;
                dropConnection(d.generation(), what + "; writing it to the dead letters failed (" + e + ")");
                return;
            }
            refusedMessages.incrementAndGet();
            LOG.log(Level.WARNING, "MQTT sink ''{0}'': {1}", settings.stageName, what);
            complete(d.generation(), d.position(), countMessage);
        }
    }
}
