package io.plantwire.test.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

class ThreadSnapshotTest {

    @Test
    void aThreadStartedAfterTheSnapshotIsSeenUntilItEnds() throws InterruptedException {
        ThreadSnapshot before = ThreadSnapshot.take();
        CountDownLatch release = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "snapshot-test-worker");
        t.start();
        assertThat(before.namesStartedSince()).contains("snapshot-test-worker");
        release.countDown();
        t.join(10_000);
        assertThat(before.namesStartedSince()).doesNotContain("snapshot-test-worker");
    }

    @Test
    void threadsAliveBeforeAndTheCallerAreNotCounted() {
        ThreadSnapshot before = ThreadSnapshot.take();
        assertThat(before.startedSince()).doesNotContain(Thread.currentThread());
        assertThat(before.size()).isPositive();
    }
}
