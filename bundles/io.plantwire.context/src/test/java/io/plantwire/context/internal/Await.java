package io.plantwire.context.internal;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for an asynchronous outcome with a generous deadline; never asserts on how long it took. */
final class Await {

    static final Duration GENEROUS = Duration.ofSeconds(20);

    private Await() {
    }

    static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + GENEROUS.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + GENEROUS.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what);
            }
        }
    }
}
