package io.plantwire.driver.support;

import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.plantwire.api.model.Value;

/**
 * A test device whose behaviour the test sets while it runs: reachable or not, and what its next reads do. Records
 * how it was used (connects, closes, threads, overlapping calls).
 */
final class ScriptedProtocol implements DeviceProtocol<ScriptedProtocol.Connection, Void> {

    /** What a read does. */
    enum Behaviour { ANSWER, THROW_BUG, TIMEOUT, REFUSE, LOSE_CONNECTION, BLOCK_UNTIL_CLOSED, BLOCK_UNTIL_RELEASED }

    static final class Connection {
        final int number;
        final CountDownLatch closed = new CountDownLatch(1);

        Connection(int number) {
            this.number = number;
        }
    }

    volatile boolean reachable = true;
    volatile Behaviour behaviour = Behaviour.ANSWER;
    /** Reads left with {@link #behaviour} before answering again; negative: for ever. */
    final AtomicInteger times = new AtomicInteger(-1);
    volatile long readMillis;

    final AtomicInteger connects = new AtomicInteger();
    final AtomicInteger connectAttempts = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();
    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger inside = new AtomicInteger();
    final AtomicInteger maxInside = new AtomicInteger();
    final AtomicInteger counter = new AtomicInteger();
    final java.util.Set<String> threads = ConcurrentHashMap.newKeySet();
    final CountDownLatch blocking = new CountDownLatch(1);
    /** Ends the wait of {@link Behaviour#BLOCK_UNTIL_RELEASED}. */
    final CountDownLatch release = new CountDownLatch(1);

    void failNext(Behaviour b, int n) {
        times.set(n);
        behaviour = b;
    }

    @Override
    public Connection connect() throws IOException {
        connectAttempts.incrementAndGet();
        if (!reachable) {
            throw new IOException("Connection refused");
        }
        return new Connection(connects.incrementAndGet());
    }

    @Override
    public void read(Connection c, PollGroup<Void> group, PollResult result) throws Exception {
        int now = inside.incrementAndGet();
        maxInside.accumulateAndGet(now, Math::max);
        threads.add(Thread.currentThread().getName());
        try {
            reads.incrementAndGet();
            if (readMillis > 0) {
                Thread.sleep(readMillis); // a slow device: holds its thread like blocking I/O does
            }
            Behaviour b = behaviour;
            if (b != Behaviour.ANSWER && times.getAndUpdate(t -> t > 0 ? t - 1 : t) != 0) {
                if (times.get() == 0) {
                    behaviour = Behaviour.ANSWER;
                }
                switch (b) {
                    case THROW_BUG:
                        throw new IllegalStateException("parser bug");
                    case TIMEOUT:
                        throw new DeviceTimeoutException("no answer within 100 ms");
                    case REFUSE:
                        throw new DeviceRefusedException(2, "exception 2 (illegal data address)");
                    case LOSE_CONNECTION:
                        throw new IOException("Connection reset");
                    case BLOCK_UNTIL_CLOSED:
                        blocking.countDown();
                        c.closed.await(30, TimeUnit.SECONDS);
                        throw new IOException("Socket closed");
                    case BLOCK_UNTIL_RELEASED:
                        blocking.countDown();
                        release.await(30, TimeUnit.SECONDS);
                        break; // then answers: a device that was slow once
                    default:
                        break;
                }
            }
            int n = counter.incrementAndGet();
            for (String p : group.points()) {
                result.good(p, Value.of((long) n));
            }
        } finally {
            inside.decrementAndGet();
        }
    }

    @Override
    public void close(Connection c) {
        closes.incrementAndGet();
        c.closed.countDown();
    }
}
