package io.plantwire.driver.support.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Where in its interval each poll group's polls lie, so that devices started together do not all poll at the same
 * moment. Polled in phase, every device's reading reaches the pipeline at once and the last one waits behind the
 * others (with the demo's four devices: a tank message ~1 ms later; with a thousand: a burst each interval instead of
 * an even load). Each clock started gets the next point of the golden-ratio sequence (k x 0.618... mod 1, times the
 * interval), which spreads any number of clocks evenly over the interval without knowing how many there will be:
 * four get 0, 0.62, 0.24 and 0.85 of it. The sequence is one for the whole gateway, all drivers included. Every
 * sample keeps its own timestamp, so spreading changes no value, only when it is read.
 */
final class PollPhases {

    /** The golden ratio's fractional part, (sqrt 5 - 1) / 2. */
    private static final double STEP = 0.6180339887498949;
    private static final AtomicLong STARTED = new AtomicLong();

    private PollPhases() {
    }

    /** The next clock's phase: from 0 to less than {@code intervalNanos}. */
    static long next(long intervalNanos) {
        return phase(STARTED.getAndIncrement(), intervalNanos);
    }

    /** The {@code k}-th clock's phase. */
    static long phase(long k, long intervalNanos) {
        double fraction = (k % 1_000_000_007L) * STEP % 1.0;
        return Math.min(intervalNanos - 1, (long) (fraction * intervalNanos));
    }
}
