package io.plantwire.test.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * Waits on conditions with Awaitility, with one generous default bound and failure messages that say what was
 * awaited. Never asserts on how long something took: the bound only keeps a broken test from hanging.
 *
 * <p>A condition that throws (an AssertionError, say) ends the wait at once with that exception.
 */
public final class Await {

    /** The default bound: generous, because a loaded CI machine is slow and a passing test never gets near it. */
    public static final Duration GENEROUS = Duration.ofSeconds(30);

    private static final Duration POLL = Duration.ofMillis(10);

    private Await() {
    }

    /**
     * Waits until the condition holds, at most {@link #GENEROUS}.
     *
     * @throws AssertionError {@code not reached within 30 s: <what>}
     */
    public static void until(String what, BooleanSupplier condition) {
        until(what, GENEROUS, condition);
    }

    /**
     * Waits until the condition holds, at most {@code atMost}.
     *
     * @throws AssertionError {@code not reached within <atMost>: <what>}
     */
    public static void until(String what, Duration atMost, BooleanSupplier condition) {
        try {
            Awaitility.await().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(POLL).until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not reached within " + describe(atMost) + ": " + what);
        }
    }

    /**
     * Waits until the condition holds, at most {@code atMost}; on timeout fails with the message {@code failure}
     * builds then (it may describe what happened instead), followed by {@code (waited <atMost>)}.
     */
    public static void until(Duration atMost, BooleanSupplier condition, Supplier<String> failure) {
        try {
            Awaitility.await().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(POLL).until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(failure.get() + " (waited " + describe(atMost) + ")");
        }
    }

    /** Whether the condition holds within {@code atMost}; does not fail. */
    public static boolean within(Duration atMost, BooleanSupplier condition) {
        try {
            Awaitility.await().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(POLL).until(condition::getAsBoolean);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /**
     * Checks that the condition stays true for the whole window: the "nothing happens" check (no file written, no
     * message sent). Fails as soon as the condition turns false, after the window at the latest.
     *
     * @throws AssertionError {@code did not stay true for <window>: <what>}
     */
    public static void staysTrue(String what, Duration window, BooleanSupplier condition) {
        if (!condition.getAsBoolean()) {
            throw new AssertionError("not true at the start of the window: " + what);
        }
        try {
            // failFast ends the wait the moment the condition turns false instead of waiting out atMost
            Awaitility.await().pollDelay(Duration.ZERO).pollInterval(POLL).atMost(window.plus(GENEROUS))
                    .failFast(() -> !condition.getAsBoolean()).during(window).until(condition::getAsBoolean);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError("did not stay true for " + describe(window) + ": " + what);
        }
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
