package io.plantwire.store.benchmark;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.plantwire.store.QueueOptions;
import io.plantwire.store.StoreAndForwardQueue;

/**
 * How long an append takes while a sink drains a backlog from the same queue: two appender threads (the drivers'
 * poll threads in the gateway) and one reader (the sink's publisher) that reads batches of up to 1,000 records /
 * 1 MiB from the head and decodes each as the MQTT sink does (a topic string and a copy of the payload). The reader
 * keeps a backlog of 10,000-20,000 records, as after a broker outage, so its reads are full. Mode: sample time, so
 * the append's percentiles show the waits for the queue's lock (docs/decisions/store-read-outside-lock.md).
 */
@State(Scope.Group)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StoreReadContentionBenchmark {

    /** Backlog the reader keeps: acknowledge down to {@value #BACKLOG_LOW} records once there are {@value #BACKLOG_HIGH}. */
    static final int BACKLOG_LOW = 10_000;
    static final int BACKLOG_HIGH = 20_000;

    /** A tank's UNS JSON record is 300-600 bytes; the stored MQTT record adds its topic. */
    @Param({ "500" })
    public int payloadBytes;

    private QueueDirectory directory;
    /** Package-private so the test can check what was stored. */
    StoreAndForwardQueue queue;
    private byte[] payload;

    /** What the reader makes of a record: its topic and its payload, as the MQTT sink's decoder. */
    record Decoded(long position, String topic, byte[] payload) {
    }

    @Setup(Level.Trial)
    public void open() throws IOException {
        directory = new QueueDirectory("plantwire-store-contention", QueueOptions.defaults());
        queue = directory.queue;
        byte[] topic = "acme/plant-1/chemicals/tank-farm/line-1/tank-1".getBytes(StandardCharsets.UTF_8);
        payload = new byte[1 + topic.length + payloadBytes];
        payload[0] = (byte) topic.length;
        System.arraycopy(topic, 0, payload, 1, topic.length);
        for (int i = 1 + topic.length; i < payload.length; i++) {
            payload[i] = (byte) ('a' + i % 26);
        }
        for (int i = 0; i < BACKLOG_LOW; i++) {
            queue.append(payload);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        directory.close();
    }

    @Benchmark
    @Group("drainBacklog")
    @GroupThreads(2)
    public long append() throws IOException {
        return queue.append(payload);
    }

    @Benchmark
    @Group("drainBacklog")
    @GroupThreads(1)
    public int read() throws IOException {
        long head = queue.headPosition();
        List<Decoded> batch = queue.read(head, 1000, 1 << 20, StoreReadContentionBenchmark::decode);
        long records = queue.stats().records();
        if (records >= BACKLOG_HIGH) {
            queue.acknowledge(head + records - BACKLOG_LOW - 1);
        }
        return batch.size();
    }

    static Decoded decode(long position, long appendedAtMillis, ByteBuffer bytes) {
        int start = bytes.position();
        int topicLength = bytes.get(start);
        byte[] topic = new byte[topicLength];
        bytes.get(start + 1, topic);
        byte[] body = new byte[bytes.remaining() - 1 - topicLength];
        bytes.get(start + 1 + topicLength, body);
        return new Decoded(position, new String(topic, StandardCharsets.UTF_8), body);
    }
}
