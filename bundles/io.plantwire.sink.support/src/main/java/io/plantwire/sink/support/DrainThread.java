package io.plantwire.sink.support;

import java.lang.System.Logger.Level;

/**
 * The one thread that drains a sink's store to its destination, with what every such thread needs around its
 * loop: a start, a stop that waits for the loop to end (and unblocks it if it hangs in a connect or a send), and
 * pauses between attempts that a stop ends at once.
 *
 * <p>The loop is the sink's own: it runs until {@link #stopping()} is true, and then closes its connection before
 * it returns. The thread is a daemon and is never interrupted: an interrupt closes the NIO file channels of the
 * store the loop reads from (a stop ends pauses through a monitor instead).
 *
 * <pre>
 * drain = new DrainThread("plantwire-historian " + name, this::run);
 * drain.start();
 * ...
 * private void run() {
 *     Backoff backoff = new Backoff(minMs, maxMs);
 *     while (!drain.stopping()) {
 *         if (!connectAndSend()) {
 *             drain.pause(backoff.next());
 *         }
 *     }
 *     disconnect();
 * }
 * ...
 * drain.stop(5000, client::close, 5000); // in deactivate
 * </pre>
 *
 * A thread runs once: a sink that starts again after a stop makes a new {@code DrainThread}.
 */
public final class DrainThread {

    private static final System.Logger LOG = System.getLogger(DrainThread.class.getName());

    private final Thread thread;
    private final Object pauses = new Object();
    private volatile boolean stopping;
    private boolean started;

    /**
     * @param name the thread's name, as it shows in thread dumps and {@code top -H}: say which sink it drains
     * @param loop the sink's drain loop; it returns once {@link #stopping()} is true
     */
    public DrainThread(String name, Runnable loop) {
        this.thread = new Thread(loop, name);
        thread.setDaemon(true);
    }

    /** Starts the loop on its thread. @throws IllegalStateException if it was started before */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("drain thread '" + thread.getName() + "' was already started");
        }
        started = true;
        thread.start();
    }

    /** Whether a stop was asked for: the loop ends its turn, closes its connection and returns. */
    public boolean stopping() {
        return stopping;
    }

    /** Whether the caller is the drain thread itself. */
    public boolean isDrainThread() {
        return Thread.currentThread() == thread;
    }

    /**
     * Waits {@code millis} (a back-off between attempts), or less if a stop is asked for meanwhile.
     *
     * @return {@code false} if the loop is stopping (at once, if it already was)
     */
    public boolean pause(long millis) {
        long deadline = System.nanoTime() + Math.max(0, millis) * 1_000_000L;
        synchronized (pauses) {
            while (!stopping) {
                long leftNanos = deadline - System.nanoTime();
                if (leftNanos <= 0) {
                    return true;
                }
                try {
                    pauses.wait(leftNanos / 1_000_000L, (int) (leftNanos % 1_000_000L));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // not ours to swallow; the pause ends early
                    return !stopping;
                }
            }
        }
        return false;
    }

    /**
     * Asks the loop to stop and ends a pause it is in. It does not wait; the sink wakes any wait of its own (for
     * records, for acknowledgements) after this and then calls {@link #stop}.
     */
    public void requestStop() {
        stopping = true;
        synchronized (pauses) {
            pauses.notifyAll();
        }
    }

    /**
     * Stops the loop and waits for it: {@link #requestStop()}, up to {@code joinMs} for the loop to end; if it has
     * not, {@code unblock} (closing the client it hangs in: a connect or send to an unreachable destination) and up to
     * {@code unblockedJoinMs} more. Does nothing to a thread that was never started. Called from the drain thread
     * itself it only asks for the stop.
     *
     * @param unblock run only if the loop has not ended within {@code joinMs}; may be {@code null}
     * @return whether the loop has ended; if not, a warning names the thread
     */
    public boolean stop(long joinMs, Runnable unblock, long unblockedJoinMs) {
        requestStop();
        synchronized (this) {
            if (!started) {
                return true;
            }
        }
        if (isDrainThread()) {
            return false;
        }
        try {
            thread.join(Math.max(1, joinMs));
            if (thread.isAlive() && unblock != null) {
                unblock.run();
                thread.join(Math.max(1, unblockedJoinMs));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "drain thread ''{0}'': unblocking it failed: {1}", thread.getName(), e);
        }
        if (thread.isAlive()) {
            LOG.log(Level.WARNING, "drain thread ''{0}'' did not stop within {1} ms", thread.getName(),
                    joinMs + (unblock == null ? 0 : unblockedJoinMs));
            return false;
        }
        return true;
    }
}
