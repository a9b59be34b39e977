package io.plantwire.sink.kafka.internal;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.plantwire.test.support.Configs;

/**
 * The broker is stopped while the sink is publishing, stays away longer than the producer's delivery timeout,
 * and comes back on the same log directories: every accepted record must arrive, in order per asset once
 * repeats are dropped by store position.
 */
class KafkaOutageTest {

    static final int TANKS = 3;
    static final int PER_TANK = 2000;

    @TempDir
    Path dir;

    @Test
    void brokerStoppedLongerThanTheDeliveryTimeoutLosesNothing() throws Exception {
        try (TestKafka kafka = new TestKafka()) {
            KafkaSink sink = new KafkaSink(Configs.ofProperties(KafkaSinkConfig.class, Map.of(
                    "plantwire.stage.name", "outage",
                    "bootstrap.servers", kafka.bootstrapServers(),
                    "topic.template", "outage.{asset}",
                    "store.directory", dir.resolve("store").toString(), // dead letters beside it, in dir
                    // Short timeouts so the outage (5 s) outlasts delivery.timeout.ms (3 s) several times over.
                    "delivery.timeout.ms", 3000,
                    "request.timeout.ms", 1000,
                    "max.block.ms", 1000L,
                    "retry.backoff.min.ms", 200L,
                    "retry.backoff.max.ms", 1000L)), (Path) null);
            AtomicReference<Throwable> producerFailure = new AtomicReference<>();
            // The pipeline side: about 1,000 records/s across three tanks, for about six seconds.
            Thread plant = new Thread(() -> {
                try {
                    for (long s = 0; s < PER_TANK; s++) {
                        for (int t = 1; t <= TANKS; t++) {
                            sink.accept(Records.tankRecord(t, s));
                        }
                        if (s % 10 == 9) {
                            Thread.sleep(30);
                        }
                    }
                } catch (Throwable e) {
                    producerFailure.set(e);
                }
            });
            try {
                plant.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> sink.status().delivered() > 500);
                kafka.stop();
                Thread.sleep(1000);
                long deliveredEarlyInOutage = sink.status().delivered();
                Thread.sleep(4000);
                // Nothing can be acknowledged while the broker is away.
                assertThat(sink.status().delivered()).isEqualTo(deliveredEarlyInOutage);
                assertThat(sink.status().backlog()).isPositive();
                assertThat(sink.forwarder().resends()).isPositive();
                assertThat(sink.status().connected()).isFalse();
                kafka.start();
                plant.join(60_000);
                assertThat(producerFailure.get()).isNull();
                await().atMost(Duration.ofSeconds(90)).until(() -> sink.status().backlog() == 0);

                List<ConsumerRecord<byte[], byte[]>> got = kafka.readAll(
                        List.of("outage.tank-1", "outage.tank-2", "outage.tank-3"), TANKS * PER_TANK,
                        Duration.ofSeconds(60));
                long distinct = got.stream().map(Records::position).distinct().count();
                System.out.printf("outage test: accepted %d, read %d (%d distinct, %d repeats), resends %d%n",
                        TANKS * PER_TANK, got.size(), distinct, got.size() - distinct,
                        sink.forwarder().resends());
                assertThat(distinct).isEqualTo(TANKS * PER_TANK);
                Map<String, List<Long>> byKey = Records.dedupedSequencesByKey(got);
                List<Long> expected = LongStream.range(0, PER_TANK).boxed().toList();
                assertThat(byKey).hasSize(TANKS);
                byKey.forEach((key, seqs) -> assertThat(seqs).as(key).isEqualTo(expected));
                assertThat(got.stream().collect(Collectors.groupingBy(ConsumerRecord::topic, Collectors.counting())))
                        .allSatisfy((topic, n) -> assertThat(n).isGreaterThanOrEqualTo(PER_TANK));
                assertThat(sink.status().dropped()).isZero();
                assertThat(sink.storeStats().acknowledged()).isEqualTo(TANKS * PER_TANK);
            } finally {
                plant.join(10_000);
                sink.deactivate();
            }
        }
    }
}
