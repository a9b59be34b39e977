package io.plantwire.sink.mqtt.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
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

/**
 * Records/s end to end through the MQTT sink: {@code accept} (JSON rendering + store append), the publisher thread
 * reading the store, Paho publishing, Mosquitto's acknowledgement, the store acknowledgement. One invocation
 * accepts {@value #BATCH} records for 3 tanks and returns when the broker has acknowledged all of them, so the
 * score is delivered (broker-acknowledged) records per second, not just appends.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MqttSinkBenchmark {

    static final int BATCH = 20_000;

    @Param({ "1" })
    public int qos;

    @Param({ "1000" })
    public int maxInflight;

    @Param({ "5", "3.1.1" })
    public String mqttVersion;

    private Path dir;
    /** Package-private so the test can subscribe to the broker and read the sink's counters. */
    BenchBroker broker;
    MqttSink sink;
    private AssetRecord[] records;
    private long target;

    @Setup(Level.Trial)
    public void start() throws Exception {
        dir = Files.createTempDirectory("plantwire-mqtt-bench");
        Files.createDirectories(dir.resolve("broker"));
        broker = new BenchBroker(dir.resolve("broker")).start();
        sink = new MqttSink(BenchConfigs.mqtt("broker_url", broker.url(), "store_directory",
                dir.resolve("store").toString(), "qos", qos, "max_inflight", maxInflight, "mqtt_version", mqttVersion), dir);
        records = new AssetRecord[BATCH];
        for (int i = 0; i < BATCH; i++) {
            records[i] = BenchRecords.tankRecord(1 + i % 3, i / 3);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!sink.status().connected()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("sink did not connect: " + sink.status());
            }
            Thread.sleep(10);
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        System.out.println("\nsink status: " + sink.status() + ", 32202 retries: "
                + sink.publisher().inflightFullRetries());
        sink.deactivate();
        broker.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long publishThroughStoreAndForward() throws Exception {
        for (AssetRecord r : records) {
            sink.accept(r);
        }
        target += BATCH;
        while (sink.publisher().status().delivered() < target) {
            Thread.onSpinWait();
            Thread.sleep(0, 100_000);
        }
        return target;
    }
}
