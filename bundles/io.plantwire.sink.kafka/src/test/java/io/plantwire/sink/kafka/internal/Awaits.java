package io.plantwire.sink.kafka.internal;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for asynchronous outcomes with a generous deadline; failing (not hanging) when it passes. */
final class Awaits {

    private Awaits() {
    }

    static void until(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(20);
        }
    }
}
