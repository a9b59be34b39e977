package io.plantwire.test.support;

import static org.awaitility.Awaitility.await;

import java.lang.ref.WeakReference;
import java.time.Duration;

/**
 * Checks that something no longer holds an object: a stage that keeps per-record objects alive between records
 * makes them outlive the young generation under load (docs/decisions/sink-throughput.md, "Sixth round").
 */
public final class Unreachable {

    private Unreachable() {
    }

    /**
     * Waits until the object behind {@code ref} is collected, asking for a collection while it waits.
     *
     * @param what names the object in the failure message
     * @throws org.awaitility.core.ConditionTimeoutException if it is still reachable after 20 seconds
     */
    public static void awaitCollected(WeakReference<?> ref, String what) {
        await(what + " is collected: nothing holds it any more").atMost(Duration.ofSeconds(20)).until(() -> {
            System.gc();
            return ref.get() == null;
        });
    }
}
