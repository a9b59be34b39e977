package io.plantwire.console.access.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Limits how often the slow password check runs, so that guessing is slow and cannot eat the gateway's CPU.
 * <ul>
 * <li>Per client address, a token bucket: {@code attemptsPerAddress} checks that did not succeed in a burst, then
 * one more every {@code refillNanos}. An address without a token is throttled: every request from it is answered
 * 429 without looking at its credentials (so a throttled guesser learns nothing, not even from the fast check of
 * a remembered password). A successful check gives the address its full burst back. After an attack stops the
 * right password works again within one refill interval.</li>
 * <li>Globally, at most {@code concurrentHashes} slow checks run at once; a check waits up to {@code hashWaitMillis}
 * for its turn and is otherwise answered 429. Guessing from many addresses therefore uses at most that many cores.</li>
 * </ul>
 * IPv6 clients are counted per /64 network, the block one subscriber usually holds. The number of tracked addresses
 * is bounded; the least recently seen is forgotten first.
 */
final class LoginThrottle {

    /** Validated limits; see {@link ConsoleAccessConfig} for their meaning. */
    record Settings(int attemptsPerAddress, long refillNanos, int concurrentHashes, long hashWaitMillis,
            int trackedAddresses) {

        /** From the configuration's values; the exception names the attribute and the value out of range. */
        static Settings validated(int attemptsPerAddress, int refillSeconds, int concurrentHashes, int hashWaitMs,
                int trackedAddresses) {
            check("login.attempts.per.address", attemptsPerAddress, 1, 1000);
            check("login.address.refill.seconds", refillSeconds, 1, 3600);
            check("login.concurrent.hashes", concurrentHashes, 1, 16);
            check("login.hash.wait.ms", hashWaitMs, 0, 30_000);
            check("login.tracked.addresses", trackedAddresses, 16, 1_000_000);
            return new Settings(attemptsPerAddress, TimeUnit.SECONDS.toNanos(refillSeconds), concurrentHashes,
                    hashWaitMs, trackedAddresses);
        }

        private static void check(String attribute, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(attribute + " = " + value + " is out of range, use " + min + ".."
                        + max);
            }
        }
    }

    /** The outcome of asking for a slow check. */
    sealed interface Admission permits Admitted, Refused {
    }

    /** A slow check may run now; report its outcome exactly once. */
    final class Admitted implements Admission {
        private final String key;
        private boolean done;

        private Admitted(String key) {
            this.key = key;
        }

        /** The password was right: the address gets its full burst back. */
        void succeeded() {
            finish(true);
        }

        /** The password was wrong: the token stays spent. */
        void failed() {
            finish(false);
        }

        private void finish(boolean success) {
            if (done) {
                return;
            }
            done = true;
            hashPermits.release();
            if (success) {
                synchronized (LoginThrottle.this) {
                    buckets.remove(key);
                }
            }
        }
    }

    /** No check now; try again after {@code retryAfterSeconds}. {@code addressThrottled} tells which limit hit. */
    record Refused(long retryAfterSeconds, boolean addressThrottled, boolean throttleJustEngaged) implements Admission {
    }

    private static final class Bucket {
        double tokens;
        long updatedNanos;
        boolean reported;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedNanos = now;
        }
    }

    private final Settings settings;
    private final LongSupplier nanoClock;
    private final Semaphore hashPermits;
    private final LinkedHashMap<String, Bucket> buckets;

    LoginThrottle(Settings settings, LongSupplier nanoClock) {
        this.settings = settings;
        this.nanoClock = nanoClock;
        this.hashPermits = new Semaphore(settings.concurrentHashes(), true);
        int max = settings.trackedAddresses();
        this.buckets = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > max;
            }
        };
    }

    /**
     * The answer for a request from a throttled address, or null when the address is not throttled. Spends nothing;
     * {@link Refused#throttleJustEngaged()} is true for the first refusal of a throttle episode, to log it once.
     */
    synchronized Refused refusal(String address) {
        Bucket b = refreshed(key(address));
        if (b == null || b.tokens >= 1) {
            return null;
        }
        boolean first = !b.reported;
        b.reported = true;
        return new Refused(secondsUntilToken(b), true, first);
    }

    /** Seconds until the address may try again, or 0 when it is not throttled. Spends nothing. */
    synchronized long throttledSeconds(String address) {
        Bucket b = refreshed(key(address));
        return b == null || b.tokens >= 1 ? 0 : secondsUntilToken(b);
    }

    /**
     * Takes one attempt from the address's bucket (it stays spent unless the check succeeds), then waits for a
     * hashing slot. Refused when the address has no attempt left or no slot frees up in time.
     */
    Admission admit(String address) throws InterruptedException {
        String key = key(address);
        synchronized (this) {
            long now = nanoClock.getAsLong();
            Bucket b = refreshed(key);
            if (b == null) {
                b = new Bucket(settings.attemptsPerAddress(), now);
                buckets.put(key, b);
            }
            if (b.tokens < 1) {
                boolean first = !b.reported;
                b.reported = true;
                return new Refused(secondsUntilToken(b), true, first);
            }
            b.tokens -= 1;
            if (b.tokens >= 1) {
                b.reported = false;
            }
        }
        if (!hashPermits.tryAcquire(settings.hashWaitMillis(), TimeUnit.MILLISECONDS)) {
            return new Refused(1, false, false);
        }
        return new Admitted(key);
    }

    /**
     * A failed check that needed no hashing slot (a wrong scraper token): spends one of the address's attempts,
     * exactly like a wrong password, so guessing the token is throttled like guessing the password.
     */
    synchronized void failedFastCheck(String address) {
        String key = key(address);
        Bucket b = refreshed(key);
        if (b == null) {
            b = new Bucket(settings.attemptsPerAddress(), nanoClock.getAsLong());
            buckets.put(key, b);
        }
        b.tokens = Math.max(0, b.tokens - 1);
        if (b.tokens >= 1) {
            b.reported = false;
        }
    }

    /** Addresses currently tracked (for tests of the bound). */
    synchronized int trackedAddresses() {
        return buckets.size();
    }

    private Bucket refreshed(String key) {
        Bucket b = buckets.get(key);
        if (b == null) {
            return null;
        }
        long now = nanoClock.getAsLong();
        long elapsed = now - b.updatedNanos;
        if (elapsed > 0) {
            b.tokens = Math.min(settings.attemptsPerAddress(),
                    b.tokens + (double) elapsed / settings.refillNanos());
            b.updatedNanos = now;
        }
        if (b.tokens >= settings.attemptsPerAddress()) {
            buckets.remove(key); // full again: nothing to remember
            return null;
        }
        return b;
    }

    private long secondsUntilToken(Bucket b) {
        double missing = 1 - b.tokens;
        long nanos = (long) Math.ceil(missing * settings.refillNanos());
        return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos + TimeUnit.SECONDS.toNanos(1) - 1));
    }

    /** The address itself for IPv4; the /64 network for IPv6. Anything unparsable counts as itself. */
    static String key(String address) {
        if (address == null || address.isEmpty()) {
            return "?";
        }
        if (address.indexOf(':') < 0) {
            return address;
        }
        try {
            String literal = address.startsWith("[") && address.endsWith("]")
                    ? address.substring(1, address.length() - 1) : address;
            int scope = literal.indexOf('%');
            if (scope >= 0) {
                literal = literal.substring(0, scope);
            }
            // Only hex digits, ':' and '.': the JDK then parses a literal and never asks a name service.
            if (literal.isEmpty() || !literal.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':'
                    || c == '.')) {
                return address;
            }
            byte[] bytes = InetAddress.getByName(literal).getAddress();
            if (bytes.length != 16) {
                return InetAddress.getByAddress(bytes).getHostAddress(); // IPv4-mapped IPv6
            }
            StringBuilder net = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                net.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
            }
            return net.append(":/64").toString();
        } catch (UnknownHostException e) {
            return address;
        }
    }
}
