package io.plantwire.console.access.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private LoginThrottle throttle(int attempts, int refillSeconds, int hashes, int waitMs, int tracked) {
        return new LoginThrottle(LoginThrottle.Settings.validated(attempts, refillSeconds, hashes, waitMs, tracked),
                now::get);
    }

    private void advanceSeconds(double s) {
        now.addAndGet((long) (s * 1e9));
    }

    private static void fail(LoginThrottle t, String address) throws InterruptedException {
        LoginThrottle.Admission a = t.admit(address);
        assertThat(a).as("admitted").isInstanceOf(LoginThrottle.Admitted.class);
        ((LoginThrottle.Admitted) a).failed();
    }

    @Test
    void anAddressGetsItsBurstThenOneAttemptPerRefillInterval() throws Exception {
        LoginThrottle t = throttle(5, 10, 1, 0, 100);
        for (int i = 0; i < 5; i++) {
            assertThat(t.throttledSeconds("10.0.0.7")).isZero();
            fail(t, "10.0.0.7");
        }
        assertThat(t.throttledSeconds("10.0.0.7")).isEqualTo(10);
        assertThat(t.refusal("10.0.0.7")).isEqualTo(new LoginThrottle.Refused(10, true, true));
        assertThat(t.refusal("10.0.0.7")).as("engaged is reported once")
                .isEqualTo(new LoginThrottle.Refused(10, true, false));
        assertThat(t.admit("10.0.0.7")).isEqualTo(new LoginThrottle.Refused(10, true, false));
        assertThat(t.refusal("10.0.0.8")).isNull();
        // another address is not affected
        assertThat(t.throttledSeconds("10.0.0.8")).isZero();

        advanceSeconds(4);
        assertThat(t.throttledSeconds("10.0.0.7")).isEqualTo(6);
        advanceSeconds(6);
        assertThat(t.throttledSeconds("10.0.0.7")).isZero();
        fail(t, "10.0.0.7");
        assertThat(t.throttledSeconds("10.0.0.7")).isEqualTo(10);
    }

    @Test
    void aRightPasswordRestoresTheFullBurst() throws Exception {
        LoginThrottle t = throttle(3, 60, 1, 0, 100);
        fail(t, "10.0.0.7");
        fail(t, "10.0.0.7");
        ((LoginThrottle.Admitted) t.admit("10.0.0.7")).succeeded();
        assertThat(t.trackedAddresses()).isZero();
        for (int i = 0; i < 3; i++) {
            fail(t, "10.0.0.7");
        }
        assertThat(t.throttledSeconds("10.0.0.7")).isEqualTo(60);
    }

    @Test
    void onlyTheConfiguredNumberOfChecksRunAtOnce() throws Exception {
        LoginThrottle t = throttle(100, 1, 2, 0, 100);
        LoginThrottle.Admitted first = (LoginThrottle.Admitted) t.admit("10.0.0.1");
        LoginThrottle.Admitted second = (LoginThrottle.Admitted) t.admit("10.0.0.2");
        assertThat(t.admit("10.0.0.3")).isEqualTo(new LoginThrottle.Refused(1, false, false));
        first.failed();
        first.failed(); // reported twice: releases once
        LoginThrottle.Admitted third = (LoginThrottle.Admitted) t.admit("10.0.0.3");
        assertThat(t.admit("10.0.0.4")).isInstanceOf(LoginThrottle.Refused.class);
        second.succeeded();
        third.failed();
    }

    @Test
    void aCheckWaitsForAFreeSlotUpToTheConfiguredTime() throws Exception {
        LoginThrottle t = throttle(100, 1, 1, 30_000, 100);
        LoginThrottle.Admitted busy = (LoginThrottle.Admitted) t.admit("10.0.0.1");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch asking = new CountDownLatch(1);
            Future<LoginThrottle.Admission> waiting = pool.submit(() -> {
                asking.countDown();
                return t.admit("10.0.0.2");
            });
            asking.await();
            // "Nothing happens" window: the second check must still be waiting while the first holds the slot.
            Thread.sleep(200);
            assertThat(waiting).isNotDone();
            busy.failed();
            assertThat(waiting.get(30, TimeUnit.SECONDS)).isInstanceOf(LoginThrottle.Admitted.class);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void trackedAddressesAreBoundedAndForgetTheLeastRecentlySeen() throws Exception {
        LoginThrottle t = throttle(1, 3600, 1, 0, 16);
        fail(t, "10.0.0.0");
        for (int i = 1; i <= 100; i++) {
            fail(t, "10.0.1." + i);
        }
        assertThat(t.trackedAddresses()).isEqualTo(16);
        assertThat(t.throttledSeconds("10.0.1.100")).isPositive();
        assertThat(t.throttledSeconds("10.0.0.0")).as("forgotten").isZero();
    }

    @Test
    void ipv6ClientsAreCountedPerSlash64() throws Exception {
        assertThat(LoginThrottle.key("2001:db8:0:12:aaaa::1")).isEqualTo("2001:db8:0:12::/64");
        assertThat(LoginThrottle.key("[2001:db8:0:12:bbbb::2]")).isEqualTo("2001:db8:0:12::/64");
        assertThat(LoginThrottle.key("::ffff:10.0.0.7")).isEqualTo("10.0.0.7");
        assertThat(LoginThrottle.key("10.0.0.7")).isEqualTo("10.0.0.7");
        assertThat(LoginThrottle.key(null)).isEqualTo("?");
        assertThat(LoginThrottle.key("zz:not-an-address")).isEqualTo("zz:not-an-address");

        LoginThrottle t = throttle(2, 60, 1, 0, 100);
        fail(t, "2001:db8:0:12::1");
        fail(t, "2001:db8:0:12::2");
        assertThat(t.throttledSeconds("2001:db8:0:12::ffff")).isPositive();
        assertThat(t.throttledSeconds("2001:db8:0:13::1")).isZero();
    }

    @Test
    void settingsOutOfRangeNameTheAttributeAndTheValue() {
        assertThatThrownBy(() -> LoginThrottle.Settings.validated(0, 10, 1, 1000, 100))
                .hasMessage("login.attempts.per.address = 0 is out of range, use 1..1000");
        assertThatThrownBy(() -> LoginThrottle.Settings.validated(5, 0, 1, 1000, 100))
                .hasMessage("login.address.refill.seconds = 0 is out of range, use 1..3600");
        assertThatThrownBy(() -> LoginThrottle.Settings.validated(5, 10, 17, 1000, 100))
                .hasMessage("login.concurrent.hashes = 17 is out of range, use 1..16");
        assertThatThrownBy(() -> LoginThrottle.Settings.validated(5, 10, 1, -1, 100))
                .hasMessage("login.hash.wait.ms = -1 is out of range, use 0..30000");
        assertThatThrownBy(() -> LoginThrottle.Settings.validated(5, 10, 1, 1000, 15))
                .hasMessage("login.tracked.addresses = 15 is out of range, use 16..1000000");
    }
}
