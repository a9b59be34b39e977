package io.plantwire.sink.kafka.internal;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.plantwire.test.support.Configs;

/**
 * The gateway process is killed with SIGKILL while its Kafka sink holds a backlog (the broker was unreachable);
 * a new sink over the same store, in this JVM, delivers every accepted record, in order per tank.
 */
class KafkaCrashTest {

    static final int PER_TANK = 1000;

    @TempDir
    Path dir;

    /** The sink's store inside the test's folder: its dead letters go next to it, and so are deleted with it. */
    private Path store() {
        return dir.resolve("store");
    }

    /** The process that gets killed: accepts records for an unreachable broker, says so, then waits. */
    public static void main(String[] args) throws Exception {
        KafkaSink sink = new KafkaSink(Configs.ofProperties(KafkaSinkConfig.class, Map.of("plantwire.stage.name", "crash",
                "bootstrap.servers", "127.0.0.1:1", "topic.template", "crash.{asset}", "store.directory", args[0],
                "max.block.ms", 500L)), (Path) null);
        for (long s = 0; s < PER_TANK; s++) {
            for (int t = 1; t <= 3; t++) {
                sink.accept(Records.tankRecord(t, s));
            }
        }
        System.out.println("ACCEPTED " + sink.status().backlog());
        System.out.flush();
        Thread.sleep(TimeUnit.MINUTES.toMillis(5));
    }

    @Test
    void killedWithABacklogDeliversEverythingAfterRestart() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                KafkaCrashTest.class.getName(), store().toString()).redirectErrorStream(true).start();
        String accepted = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ACCEPTED ")) {
                    accepted = line;
                    break;
                }
            }
            child.destroyForcibly(); // SIGKILL: no deactivate, no store close
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(accepted).isEqualTo("ACCEPTED " + 3 * PER_TANK);

        try (TestKafka kafka = new TestKafka()) {
            KafkaSink sink = new KafkaSink(Configs.ofProperties(KafkaSinkConfig.class, Map.of("plantwire.stage.name", "crash",
                    "bootstrap.servers", kafka.bootstrapServers(), "topic.template", "crash.{asset}",
                    "store.directory", store().toString())), (Path) null);
            try {
                assertThat(sink.storeStats().records()).isEqualTo(3L * PER_TANK);
                List<ConsumerRecord<byte[], byte[]>> got = kafka.readAll(
                        List.of("crash.tank-1", "crash.tank-2", "crash.tank-3"), 3 * PER_TANK,
                        Duration.ofSeconds(60));
                assertThat(got).hasSize(3 * PER_TANK);
                List<Long> expected = LongStream.range(0, PER_TANK).boxed().toList();
                Records.dedupedSequencesByKey(got).values().forEach(seqs -> assertThat(seqs).isEqualTo(expected));
                assertThat(Records.dedupedSequencesByKey(got)).hasSize(3);
                await().atMost(Duration.ofSeconds(30)).until(() -> sink.status().backlog() == 0);
            } finally {
                sink.deactivate();
            }
        }
    }
}
