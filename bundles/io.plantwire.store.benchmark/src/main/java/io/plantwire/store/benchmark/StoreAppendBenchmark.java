package io.plantwire.store.benchmark;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.plantwire.store.FsyncPolicy;
import io.plantwire.store.QueueOptions;
import io.plantwire.store.StoreAndForwardQueue;
import io.plantwire.store.StoredRecord;

/**
 * Appends/s of {@link StoreAndForwardQueue}. One thread, as in the gateway where each record of an asset is
 * appended by the pipeline thread that produced it.
 *
 * <ul>
 * <li>{@code append}: append only; once the 256 MiB bound is reached the default DROP_OLDEST policy makes room,
 * so the steady state includes drops and segment deletion.</li>
 * <li>{@code appendAndDrain}: append, and every 500 appends read and acknowledge those 500, as a sink that keeps up
 * does.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StoreAppendBenchmark {

    /** INTERVAL is the default (force every 1000 ms). */
    @Param({ "INTERVAL", "EVERY_N_RECORDS", "EVERY_WRITE" })
    public FsyncPolicy fsync;

    /** A typical UNS JSON record of one tank is 300-600 bytes. */
    @Param({ "100", "500" })
    public int payloadBytes;

    private QueueDirectory directory;
    /** Package-private so the test can check what was stored. */
    StoreAndForwardQueue queue;
    private byte[] payload;
    private long appendedSinceDrain;

    @Setup(Level.Trial)
    public void open() throws IOException {
        directory = new QueueDirectory("plantwire-store-bench", QueueOptions.defaults().withFsyncPolicy(fsync));
        queue = directory.queue;
        payload = new byte[payloadBytes];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) ('a' + i % 26);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        directory.close();
    }

    @Benchmark
    public long append() throws IOException {
        return queue.append(payload);
    }

    @Benchmark
    public long appendAndDrain() throws IOException {
        long p = queue.append(payload);
        if (++appendedSinceDrain == 500) {
            appendedSinceDrain = 0;
            // a read may return fewer records than asked (the store bounds the bytes one read copies)
            for (int left = 500; left > 0;) {
                List<StoredRecord> batch = queue.read(queue.headPosition(), left, Long.MAX_VALUE);
                queue.acknowledge(batch.get(batch.size() - 1).position());
                left -= batch.size();
            }
        }
        return p;
    }
}
