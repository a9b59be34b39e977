package io.plantwire.context.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A deadline for a whole request: a socket read timeout only bounds the wait for the next byte, so a server that
 * trickles its answer a byte at a time could hold a lookup for hours. When the deadline passes, the given action
 * (closing the connection) runs on this deadline's own thread and unblocks the lookup's read. One thread per
 * provider, started on first use, stopped by {@link #close()}.
 */
final class RequestDeadline implements AutoCloseable {

    private final ScheduledThreadPoolExecutor timer;

    RequestDeadline(String name) {
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "plantwire-context-deadline-" + name);
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /** A request that must end within {@code millis}; {@link Armed#close()} it when it ended. */
    Armed arm(long millis, Runnable cut) {
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> f = timer.schedule(() -> {
            expired.set(true);
            cut.run();
        }, millis, TimeUnit.MILLISECONDS);
        return new Armed(f, expired);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One armed deadline. */
    static final class Armed implements AutoCloseable {
        private final ScheduledFuture<?> future;
        private final AtomicBoolean expired;

        private Armed(ScheduledFuture<?> future, AtomicBoolean expired) {
            this.future = future;
            this.expired = expired;
        }

        /** True once the deadline passed and the request was cut. */
        boolean expired() {
            return expired.get();
        }

        @Override
        public void close() {
            future.cancel(false);
        }
    }
}
