package io.plantwire.driver.tck.internal;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waits, with Awaitility, for a condition the driver contract promises within a bound, and fails with a message
 * for the driver's author when the bound passes.
 */
public final class Within {

    private Within() {
    }

    /**
     * Waits until the condition holds.
     *
     * @param bound how long the contract allows
     * @param condition what must become true
     * @param failure the message when it does not, built only then (it may describe what happened instead)
     */
    public static void await(Duration bound, BooleanSupplier condition, Supplier<String> failure) {
        try {
            Awaitility.await().atMost(bound).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                    .until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(failure.get() + " [waited " + bound.toMillis() + " ms]");
        }
    }

    /** Whether the condition holds within the bound, without failing. */
    public static boolean holds(Duration bound, BooleanSupplier condition) {
        try {
            Awaitility.await().atMost(bound).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                    .until(condition::getAsBoolean);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }
}
