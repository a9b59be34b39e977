package io.plantwire.sink.support;

/**
 * An exponential back-off between {@code minMs} and {@code maxMs}: each {@link #next()} doubles the pause up to the
 * maximum, {@link #reset()} goes back to the minimum after a success. Used by a sink's drain thread between
 * reconnects and retries. {@link #next()} and {@link #reset()} are for the one thread that owns it (the drain
 * thread); {@link #forAttempt(int)} reads only the bounds, so any thread may call it.
 */
public final class Backoff {

    private final long minMs;
    private final long maxMs;
    private long current;

    /**
     * @throws IllegalArgumentException unless {@code 1 <= minMs <= maxMs}; the message names both values
     */
    public Backoff(long minMs, long maxMs) {
        if (minMs < 1 || maxMs < minMs) {
            throw new IllegalArgumentException("back-off minimum (" + minMs + " ms) must be at least 1 and at most "
                    + "the maximum (" + maxMs + " ms)");
        }
        this.minMs = minMs;
        this.maxMs = maxMs;
        this.current = minMs;
    }

    /** The pause to wait now; the one after it is twice as long, up to the maximum. */
    public long next() {
        long pause = current;
        current = doubled(current);
        return pause;
    }

    /** The pause {@link #next()} would return, without advancing. */
    public long peek() {
        return current;
    }

    private long doubled(long pause) {
        return pause > maxMs / 2 ? maxMs : pause * 2; // never overflows
    }

    /** Back to the minimum (after a success). */
    public void reset() {
        current = minMs;
    }

    /** The pause for the {@code attempt}-th consecutive failure (1-based): min * 2^(attempt-1), at most max. */
    public long forAttempt(int attempt) {
        long pause = minMs;
        for (int i = 1; i < attempt && pause < maxMs; i++) {
            pause = doubled(pause);
        }
        return Math.min(maxMs, pause);
    }
}
