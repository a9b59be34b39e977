package io.plantwire.sink.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.plantwire.store.QueueOptions;
import io.plantwire.store.StoreAndForwardQueue;
import io.plantwire.store.deadletter.DeadLetterOptions;
import io.plantwire.store.deadletter.DeadLetterStore;

/**
 * The forwarder's back-off after a failed send, with Kafka's own {@link MockProducer}: a real broker cannot be made
 * to fail every send at once and at will (the outage tests in {@link KafkaOutageTest} use a real one).
 */
class KafkaForwarderBackoffTest {

    private static final long BACKOFF_MIN_MS = 400;

    @TempDir
    Path dir;

    private StoreAndForwardQueue queue;
    private DeadLetterStore deadLetters;
    private KafkaForwarder forwarder;
    private final List<Long> producersMadeAtNanos = new CopyOnWriteArrayList<>();
    private final List<MockProducer<byte[], byte[]>> producers = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() throws Exception {
        queue = StoreAndForwardQueue.open(dir.resolve("store"), QueueOptions.defaults());
        deadLetters = DeadLetterStore.open(dir.resolve("dead"), DeadLetterOptions.defaults());
        forwarder = new KafkaForwarder("test", queue, () -> {
            MockProducer<byte[], byte[]> p = new MockProducer<>(false, null, new ByteArraySerializer(),
                    new ByteArraySerializer());
            producers.add(p);
            producersMadeAtNanos.add(System.nanoTime());
            return p;
        }, Duration.ofMillis(100), 100, 100, BACKOFF_MIN_MS, 10 * BACKOFF_MIN_MS, deadLetters, 3);
        forwarder.start();
    }

    @AfterEach
    void close() throws Exception {
        forwarder.stop();
        queue.close();
        deadLetters.close();
    }

    private void append(String asset) throws Exception {
        queue.append(new OutboundRecord("plant.tanks", asset.getBytes(), "{}".getBytes(), List.of(), -1).encode());
    }

    private void awaitSends(int producer, int sends) {
        await().atMost(Duration.ofSeconds(20)).until(() -> producers.size() > producer
                && producers.get(producer).history().size() >= sends);
    }

    /** Fails every send still open, as a delivery timeout does during an outage (sent again without limit). */
    private static void failAll(MockProducer<byte[], byte[]> p) {
        while (p.errorNext(new TimeoutException("Expiring 1 record(s): delivery timeout"))) {
            // next
        }
    }

    @Test
    void aFailedSendIsTriedAgainOnlyAfterTheBackOff() throws Exception {
        // two chunks in flight: each one's completion wakes the forwarder to acknowledge it
        append("tank-1");
        awaitSends(0, 1);
        append("tank-2");
        awaitSends(0, 2);
        long failedAt = System.nanoTime();
        failAll(producers.get(0));
        awaitSends(1, 2);
        failAll(producers.get(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> producers.size() >= 3);

        // Completions must not cut a back-off short (they did while the back-off and the completions shared one
        // semaphore: the second chunk's wake-up ended the pause at once).
        long firstMs = (producersMadeAtNanos.get(1) - failedAt) / 1_000_000;
        long secondMs = (producersMadeAtNanos.get(2) - producersMadeAtNanos.get(1)) / 1_000_000;
        assertThat(firstMs).as("first retry after the minimum back-off").isGreaterThanOrEqualTo(BACKOFF_MIN_MS);
        assertThat(secondMs).as("second retry after twice the minimum").isGreaterThanOrEqualTo(2 * BACKOFF_MIN_MS);
        assertThat(forwarder.status().isConnected()).isFalse();
        assertThat(forwarder.status().lastError()).contains("TimeoutException").contains("sending again");
        assertThat(forwarder.status().delivered()).isZero();
        assertThat(queue.stats().records()).as("the records stay in the store").isEqualTo(2);
    }

    @Test
    void aSendThatSucceedsAfterAFailureIsDelivered() throws Exception {
        append("tank-1");
        awaitSends(0, 1);
        failAll(producers.get(0));
        awaitSends(1, 1);
        assertThat(producers.get(1).completeNext()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> forwarder.status().delivered() == 1);
        assertThat(forwarder.status().isConnected()).isTrue();
        assertThat(forwarder.status().lastDelivery()).isNotNull();
        assertThat(queue.stats().records()).isZero();
    }
}
