package io.plantwire.sink.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The benchmark's state driven by hand (not through JMH), with its own KRaft broker: every record either method
 * sends must be in its tank's topic, keyed by the tank's path, or the scores would count records the broker never
 * got.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaSinkBenchmarkTest {

    static {
        // As the benchmark's fork does: the broker's INFO logging would bury the test output.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }

    private static final int INVOCATIONS = 2;
    private static final int EXPECTED = INVOCATIONS * KafkaSinkBenchmark.BATCH;

    private final KafkaSinkBenchmark benchmark = new KafkaSinkBenchmark();

    @BeforeAll
    void setUp() throws Exception {
        benchmark.compression = "lz4";
        benchmark.setUp();
    }

    @AfterAll
    void tearDown() throws Exception {
        benchmark.tearDown();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // hang guard: the loop below waits for acknowledgements
    void sinkToBrokerDeliversEveryRecordToItsTankTopic() throws Exception {
        for (int i = 0; i < INVOCATIONS; i++) {
            benchmark.sinkToBroker();
        }
        // An invocation leaves up to one batch outstanding; the trial's tear-down waits for it, so does the test.
        while (benchmark.sink.forwarder().status().delivered() < EXPECTED) {
            Thread.sleep(10);
        }

        assertThat(benchmark.sink.forwarder().status().delivered()).isEqualTo(EXPECTED);
        assertDelivered("bench.tank-");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void bareProducerDeliversEveryRecordToItsTankTopic() throws Exception {
        for (int i = 0; i < INVOCATIONS; i++) {
            benchmark.bareProducer();
        }

        assertDelivered("bare.tank-");
    }

    private void assertDelivered(String topicPrefix) {
        List<ConsumerRecord<byte[], byte[]>> got = benchmark.kafka.readAll(
                List.of(topicPrefix + 1, topicPrefix + 2, topicPrefix + 3), EXPECTED, Duration.ofSeconds(30));

        assertThat(got).hasSize(EXPECTED);
        Map<String, Long> perTopic = got.stream()
                .collect(Collectors.groupingBy(ConsumerRecord::topic, Collectors.counting()));
        long perTank = KafkaSinkBenchmark.BATCH / 3;
        assertThat(perTopic).containsOnly(Map.entry(topicPrefix + 1, INVOCATIONS * (perTank + 1)),
                Map.entry(topicPrefix + 2, INVOCATIONS * perTank), Map.entry(topicPrefix + 3, INVOCATIONS * perTank));
        assertThat(got).allSatisfy(r -> {
            String tank = r.topic().substring(topicPrefix.length() - "tank-".length());
            assertThat(new String(r.key(), StandardCharsets.UTF_8))
                    .isEqualTo("acme/rotterdam/tankfarm/line-1/cell-a/" + tank);
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).contains("\"power\"", "B-0815");
        });
    }
}
