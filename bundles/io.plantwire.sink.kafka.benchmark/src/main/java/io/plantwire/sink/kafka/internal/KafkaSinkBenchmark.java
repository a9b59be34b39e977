package io.plantwire.sink.kafka.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.ContextValue;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Isa95Path;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Value;
import io.plantwire.test.support.Configs;
import io.plantwire.test.support.FileTrees;

/**
 * Records per second, end to end: {@code sinkToBroker} counts records the broker acknowledged after they went
 * through the whole sink (JSON encoding, the disk store with its default fsync policy, the idempotent
 * producer with acks=all, acknowledgement back to the store). {@code bareProducer} sends the same JSON bytes with a
 * bare producer of the same settings, the ceiling the sink is measured against. Three tank streams, one broker on
 * loopback in the same JVM.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn" })
public class KafkaSinkBenchmark {

    static final int BATCH = 10_000;

    @Param({ "lz4" })
    public String compression;

    /** Package-private so the test can read the topics and the sink's counters. */
    TestKafka kafka;
    /** Holds the sink's store and, beside it, its dead letters. */
    private Path folder;
    KafkaSink sink;
    private KafkaProducer<byte[], byte[]> bare;
    private final AssetRecord[] records = new AssetRecord[BATCH];
    private final byte[][] keys = new byte[BATCH][];
    private final byte[][] values = new byte[BATCH][];
    private long accepted;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        kafka = new TestKafka();
        folder = Files.createTempDirectory("kafka-sink-benchmark");
        sink = new KafkaSink(Configs.ofProperties(KafkaSinkConfig.class, Map.of("plantwire.stage.name", "bench",
                "bootstrap.servers", kafka.bootstrapServers(), "compression.type", compression,
                "topic.template", "bench.{asset}", "store.directory", folder.resolve("store").toString(),
                "store.max.bytes", 1L << 30)), (Path) null);
        Instant t = Instant.parse("2026-11-25T10:00:00Z");
        for (int i = 0; i < BATCH; i++) {
            Isa95Path path = new Isa95Path("acme", "rotterdam", "tankfarm", "line-1", "cell-a", "tank-" + (i % 3 + 1));
            Instant ti = t.plusMillis(i);
            records[i] = AssetRecord.builder(path, "ChemicalTank", ti)
                    .field("power", new FieldValue(Value.of(12.5 + i), "kW", Quality.GOOD, ti))
                    .field("temperature", new FieldValue(Value.of(21.5), "Cel", Quality.GOOD, ti))
                    .context("batch", ContextValue.of("B-0815", ti)).build();
            keys[i] = path.toString().getBytes();
            values[i] = io.plantwire.sink.uns.UnsJson.asset(records[i]);
        }
        Properties p = KafkaSink.producerSettings(Configs.ofProperties(KafkaSinkConfig.class, Map.of(
                "bootstrap.servers", kafka.bootstrapServers(), "compression.type", compression))).toProperties();
        bare = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        // Everything accepted or sent must have been acknowledged before the trial counts as done.
        while (sink.forwarder().status().delivered() < accepted) {
            TimeUnit.MILLISECONDS.sleep(1);
        }
        if (sent > 0) {
            acked.acquire(BATCH);
        }
        bare.close();
        sink.deactivate();
        kafka.close();
        FileTrees.delete(folder);
    }

    /**
     * One batch into the sink, then wait until everything but at most one batch has been acknowledged by the broker
     * (and left the store): the sustained end-to-end rate with at most {@value #BATCH} records outstanding.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long sinkToBroker() throws Exception {
        for (AssetRecord r : records) {
            sink.accept(r);
        }
        accepted += BATCH;
        KafkaForwarder f = sink.forwarder();
        while (f.status().delivered() < accepted - BATCH) {
            TimeUnit.MICROSECONDS.sleep(100);
        }
        return f.status().delivered();
    }

    /** The same bytes with a bare producer of the same settings, with the same window of one batch. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void bareProducer() throws Exception {
        for (int i = 0; i < BATCH; i++) {
            bare.send(new ProducerRecord<>("bare.tank-" + (i % 3 + 1), keys[i], values[i]),
                    (m, e) -> acked.release());
        }
        sent += BATCH;
        if (sent > BATCH) {
            acked.acquire(BATCH); // the previous batch
        }
    }

    private final Semaphore acked = new Semaphore(0);
    private long sent;
}
