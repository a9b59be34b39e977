package io.plantwire.sink.kafka.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.plantwire.api.text.Redaction;
import io.plantwire.api.text.SafeText;
import io.plantwire.sink.support.Backoff;
import io.plantwire.sink.support.DrainStatus;
import io.plantwire.sink.support.DrainThread;
import io.plantwire.store.StoreAndForwardQueue;
import io.plantwire.store.StoredRecord;
import io.plantwire.store.deadletter.DeadLetterStore;

/**
 * Drains a store-and-forward queue into Kafka on its own thread. A record leaves the store only when the broker
 * acknowledged it (acks=all) or after it was written to the dead letters, because Kafka refused it for good (too
 * large, illegal topic; see {@link KafkaRefusals}) or kept refusing it for {@code refusal.retry.max.attempts}.
 *
 * <p><b>Order and failures.</b> Records are handed to one idempotent producer in store order, up to
 * {@code maxInflightRecords} at a time; the producer keeps them in order per partition (and so per key) across
 * its own retries. Acknowledgement to the store is strictly in store order. When a send fails for good (the
 * delivery timeout passed during an outage, or the broker refused it), the forwarder closes that producer at once
 * from the failing callback, so the producer cannot write later records of the same partition behind the failed
 * one; then it creates a new producer and sends again from the oldest unacknowledged record. Records that did
 * reach the broker after the first failure are sent again: delivery is at least once, and the
 * {@value #POSITION_HEADER} header (the store position, increasing per sink) lets a consumer drop the repeats.
 */
final class KafkaForwarder {

    /** Header with the record's store position, decimal ASCII; increases by one per accepted record. */
    static final String POSITION_HEADER = "plantwire.position";

    private static final System.Logger LOG = System.getLogger(KafkaForwarder.class.getName());

    private final String name;
    private final StoreAndForwardQueue queue;
    private final Supplier<Producer<byte[], byte[]>> producers;
    private final Duration closeTimeout;
    private final int maxInflightRecords;
    private final int readBatchRecords;
    private final DeadLetterStore deadLetters;
    private final int refusalRetryMaxAttempts;
    private final DrainThread drain;
    private final DrainStatus status = new DrainStatus();
    private final Backoff backoff; // next()/reset() on the forwarder thread only

    // released when a chunk has completed (and by stop): the thread acknowledges it in store order
    private final Semaphore completions = new Semaphore(0);
    private final OutboundRecord.Decoder decoder = new OutboundRecord.Decoder();
    private final AtomicLong undeliverable = new AtomicLong(); // moved to the dead letters
    private final AtomicLong retriedRefusals = new AtomicLong();
    private final AtomicLong resends = new AtomicLong();
    private volatile Producer<byte[], byte[]> producer;

    KafkaForwarder(String name, StoreAndForwardQueue queue, Supplier<Producer<byte[], byte[]>> producers,
            Duration closeTimeout, int maxInflightRecords, int readBatchRecords, long retryBackoffMinMs,
            long retryBackoffMaxMs, DeadLetterStore deadLetters, int refusalRetryMaxAttempts) {
        this.name = name;
        this.queue = queue;
        this.producers = producers;
        this.closeTimeout = closeTimeout;
        this.maxInflightRecords = maxInflightRecords;
        this.readBatchRecords = Math.min(readBatchRecords, maxInflightRecords);
        this.backoff = new Backoff(retryBackoffMinMs, retryBackoffMaxMs);
        this.deadLetters = deadLetters;
        this.refusalRetryMaxAttempts = refusalRetryMaxAttempts;
        this.drain = new DrainThread("plantwire-kafka-" + name, this::run);
    }

    void start() {
        drain.start();
    }

    /**
     * Stops the thread: records already with the producer get {@code closeTimeout} to be acknowledged (and leave
     * the store); the rest stay in the store for the next start.
     */
    void stop() {
        drain.requestStop();
        completions.release();
        drain.stop(closeTimeout.toMillis() + 2000, () -> {
            // Blocked in send() waiting for metadata of an unreachable cluster: a forced close ends that.
            Producer<byte[], byte[]> p = producer;
            if (p != null) {
                p.close(Duration.ZERO);
            }
        }, 10000);
    }

    /** Connected, last error, records delivered (acknowledged to the store) and when. */
    DrainStatus status() {
        return status;
    }

    /** Records moved to the dead letters. */
    long undeliverable() {
        return undeliverable.get();
    }

    /** Temporary refusals answered by a back-off and a new attempt. */
    long retriedRefusals() {
        return retriedRefusals.get();
    }

    /** How many times the forwarder gave up on a producer and sent again from the store. */
    long resends() {
        return resends.get();
    }

    // State of the forwarder thread, touched by it alone.
    private final ArrayDeque<Chunk> inflight = new ArrayDeque<>();
    private int inflightRecords;
    private long next;
    private long refusedPosition = -1;
    private int refusedAttempts;

    private void run() {
        next = queue.headPosition();
        try {
            while (!drain.stopping()) {
                try {
                    step();
                } catch (IOException e) {
                    // A store read or acknowledgement failed (disk full, I/O error): nothing is lost, the records
                    // are still in the store. Start over from its head after a pause, as after a failed send.
                    fail("store error: " + e + "; retrying from the store's head", e);
                    abandonInflight();
                    pause();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The store was closed under us (deactivation order) or a bug: nothing sensible is left to do here.
            if (!drain.stopping()) {
                fail("forwarding stopped: " + e, e);
            }
        } finally {
            shutdown(inflight);
        }
    }

    /** One turn: make sure there is a producer, acknowledge what is done, send what is new, or wait. */
    private void step() throws IOException, InterruptedException {
        if (producer == null) {
            try {
                producer = producers.get();
            } catch (RuntimeException e) {
                fail("cannot create the producer: " + e.getMessage(), e);
                pause();
                return;
            }
        }
        // Acknowledge finished chunks, strictly in store order.
        while (!inflight.isEmpty() && inflight.peekFirst().isDone()) {
            Chunk c = inflight.pollFirst();
            inflightRecords -= c.count;
            int good = c.successfulPrefix();
            if (good > 0) {
                int refused = deadLetter(c, good); // before the acknowledgement: a crash leaves a duplicate, no loss
                queue.acknowledge(c.first + good - 1);
                status.delivered(good - refused);
                status.connected();
                backoff.reset();
            }
            if (good < c.count) {
                Throwable cause = c.failures[good];
                String retry = "";
                if (KafkaRefusals.kind(cause) == KafkaRefusals.Kind.TEMPORARY) {
                    long position = c.first + good;
                    refusedAttempts = position == refusedPosition ? refusedAttempts + 1 : 1;
                    refusedPosition = position;
                    if (refusedAttempts >= refusalRetryMaxAttempts) {
                        moveToDeadLetters(position, cause, ", " + refusedAttempts + " times");
                        queue.acknowledge(position);
                        refusedPosition = -1;
                    } else {
                        retriedRefusals.incrementAndGet();
                        retry = " (refusal, attempt " + refusedAttempts + " of " + refusalRetryMaxAttempts + ")";
                    }
                }
                fail("send to Kafka failed (" + (cause == null ? "unknown" : cause.getClass().getSimpleName()
                        + ": " + cause.getMessage()) + ")" + retry + "; sending again from store position "
                        + queue.headPosition(), null);
                abandonInflight();
                resends.incrementAndGet();
                pause();
                return;
            }
        }
        if (inflightRecords < maxInflightRecords) {
            List<Decoded> batch = queue.read(next,
                    Math.min(readBatchRecords, maxInflightRecords - inflightRecords), 4L << 20, this::decode);
            if (!batch.isEmpty()) {
                Chunk c = send(batch);
                inflight.addLast(c);
                inflightRecords += c.count;
                next = c.first + c.count;
                return;
            }
        }
        if (inflight.isEmpty()) {
            queue.awaitRecords(next, 200, TimeUnit.MILLISECONDS);
        } else {
            completions.tryAcquire(200, TimeUnit.MILLISECONDS);
        }
    }

    /** Moves the chunk's permanently refused records among its first {@code prefix} to the dead letters. */
    private int deadLetter(Chunk c, int prefix) throws IOException {
        int n = 0;
        for (int i = 0; i < prefix; i++) {
            if (c.refusals[i] != null) {
                moveToDeadLetters(c.first + i, c.refusals[i], "");
                n++;
            }
        }
        return n;
    }

    /** Writes the stored record at {@code position} to the dead letters; the caller acknowledges it afterwards. */
    private void moveToDeadLetters(long position, Throwable cause, String times) throws IOException {
        List<StoredRecord> r = queue.read(position, 1, Long.MAX_VALUE);
        if (r.isEmpty() || r.get(0).position() != position) {
            return; // dropped by the store's overflow policy meanwhile: counted there
        }
        byte[] payload = r.get(0).payload();
        String topic;
        try {
            topic = decoder.decode(payload).topic();
        } catch (IOException e) {
            topic = "";
        }
        String reason = cause == null ? "" : String.valueOf(cause.getMessage());
        boolean kept = deadLetters.add(payload, topic, KafkaRefusals.code(cause),
                SafeText.printable(reason + times, DeadLetterStore.MAX_TEXT));
        undeliverable.incrementAndGet();
        String error = "record at store position " + position + " refused by Kafka (" + KafkaRefusals.code(cause)
                + ": " + reason + ")" + times + (kept ? "; moved to the dead letters"
                        : "; the dead-letter store is full, discarded");
        status.error(error);
        LOG.log(Level.ERROR, "Kafka forwarder ''{0}'': {1}", name, error);
    }

    /**
     * After a failure: closes the producer (if the failing callback has not already), waits until every chunk
     * handed to it has completed, then forgets them; they are read from the store again, from its head.
     */
    private void abandonInflight() throws InterruptedException {
        Producer<byte[], byte[]> p = producer;
        producer = null;
        status.disconnected();
        if (p != null) {
            p.close(Duration.ZERO);
        }
        for (Chunk c : inflight) {
            c.awaitDone(closeTimeout.toMillis() + 5000);
        }
        inflight.clear();
        inflightRecords = 0;
        next = queue.headPosition();
    }

    /**
     * The back-off after a failure. Ended only by a stop: completions of chunks handed to the closed producer must
     * not cut it short (they did when both shared one semaphore).
     */
    private void pause() {
        drain.pause(backoff.next());
    }

    /** A stored record decoded for the producer, or why it could not be. */
    private record Decoded(long position, OutboundRecord record, Exception error) {
    }

    /** Decodes a record straight from the store's bytes (on this thread, during the store's read). */
    private Decoded decode(long position, long appendedAtMillis, ByteBuffer bytes) {
        try {
            return new Decoded(position, decoder.decode(bytes), null);
        } catch (IOException | RuntimeException e) {
            return new Decoded(position, null, e);
        }
    }

    /** Hands a batch read from the store to the producer. */
    private Chunk send(List<Decoded> batch) {
        Producer<byte[], byte[]> p = producer;
        Chunk chunk = new Chunk(batch.get(0).position(), batch.size(), p);
        for (int i = 0; i < batch.size(); i++) {
            Decoded stored = batch.get(i);
            OutboundRecord r = stored.record();
            if (r == null) {
                chunk.complete(i, new SerializationException("stored record " + stored.position()
                        + " cannot be decoded: " + stored.error().getMessage()));
                continue;
            }
            RecordHeaders headers = new RecordHeaders();
            for (Map.Entry<String, byte[]> h : r.headers()) {
                headers.add(h.getKey(), h.getValue());
            }
            headers.add(POSITION_HEADER, Long.toString(stored.position()).getBytes(StandardCharsets.US_ASCII));
            ProducerRecord<byte[], byte[]> pr = new ProducerRecord<>(r.topic(), null,
                    r.timestamp() < 0 ? null : r.timestamp(), r.key(), r.value(), headers);
            final int index = i;
            try {
                p.send(pr, (metadata, exception) -> chunk.complete(index, exception));
            } catch (RuntimeException e) {
                if (KafkaRefusals.kind(e) == KafkaRefusals.Kind.PERMANENT) {
                    chunk.complete(i, e); // this record alone; the others go on
                    continue;
                }
                // Closed producer, metadata or buffer wait past max.block.ms, ...: this and the rest of the chunk
                // are not with the producer; they are sent again after recovery.
                for (int j = i; j < batch.size(); j++) {
                    chunk.complete(j, e);
                }
                break;
            }
        }
        return chunk;
    }

    private void shutdown(ArrayDeque<Chunk> inflight) {
        Producer<byte[], byte[]> p = producer;
        producer = null;
        if (p == null) {
            return;
        }
        // Give records already sent a moment to be acknowledged, so they do not go twice after a restart.
        p.close(closeTimeout);
        try {
            while (!inflight.isEmpty()) {
                Chunk c = inflight.pollFirst();
                if (!c.awaitDone(1000)) {
                    break;
                }
                int good = c.successfulPrefix();
                if (good > 0) {
                    int refused = deadLetter(c, good);
                    queue.acknowledge(c.first + good - 1);
                    status.delivered(good - refused);
                }
                if (good < c.count) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "Kafka forwarder ''{0}'': final acknowledgement failed: {1}", name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        status.disconnected();
    }

    private void fail(String message, Throwable e) {
        message = Redaction.redact(message);
        status.disconnected();
        status.error(message);
        LOG.log(Level.WARNING, "Kafka forwarder '" + name + "': " + message, e);
    }

    /** Records of one store read, handed to one producer; completed by the producer's callbacks. */
    private final class Chunk {
        final long first;
        final int count;
        final Producer<byte[], byte[]> producer;
        final Throwable[] failures;
        final Throwable[] refusals; // permanent: the record goes to the dead letters
        final AtomicInteger pending;
        final AtomicBoolean producerClosed = new AtomicBoolean();

        Chunk(long first, int count, Producer<byte[], byte[]> producer) {
            this.first = first;
            this.count = count;
            this.producer = producer;
            this.failures = new Throwable[count];
            this.refusals = new Throwable[count];
            this.pending = new AtomicInteger(count);
        }

        void complete(int index, Throwable exception) {
            if (exception != null) {
                if (KafkaRefusals.kind(exception) == KafkaRefusals.Kind.PERMANENT) {
                    refusals[index] = exception; // dead-lettered on the forwarder thread, in store order
                } else {
                    failures[index] = exception;
                    // Close from the callback, on the producer's own thread: it stops before writing any later
                    // batch of this partition behind the failed one (Kafka turns this into close(0)).
                    if (producerClosed.compareAndSet(false, true) && producer != null) {
                        try {
                            producer.close(Duration.ZERO);
                        } catch (RuntimeException e) {
                            // already closing
                        }
                    }
                }
            }
            if (pending.decrementAndGet() == 0) {
                synchronized (this) {
                    notifyAll();
                }
                completions.release();
            }
        }

        boolean isDone() {
            return pending.get() == 0;
        }

        boolean awaitDone(long timeoutMs) throws InterruptedException {
            long deadline = System.currentTimeMillis() + timeoutMs;
            synchronized (this) {
                while (!isDone()) {
                    long left = deadline - System.currentTimeMillis();
                    if (left <= 0) {
                        return false;
                    }
                    wait(left);
                }
            }
            return true;
        }

        /** Records from the start of the chunk that are done with: acknowledged or undeliverable. */
        int successfulPrefix() {
            for (int i = 0; i < count; i++) {
                if (failures[i] != null) {
                    return i;
                }
            }
            return count;
        }

    }
}
