package io.plantwire.context.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.ContextValue;
import io.plantwire.api.model.Isa95Path;
import io.plantwire.api.stage.ContextStatus;

/**
 * The engine behind every lookup provider: answers {@link #enrich} from memory and refreshes the answers on its own
 * thread. An asset is looked up for the first time when its first record arrives; that record waits for the answer
 * at most the first-lookup wait (so it normally goes out with context; a slow or failing source costs only that
 * record at most this long, and 0 never waits), then every refresh interval.
 *
 * <p>An asset no record asked for during the longer of the TTL and three refresh intervals is forgotten.
 *
 * <p>Fresh means: the last lookup of this asset succeeded and is younger than the TTL. Otherwise the values are
 * added marked stale ({@link StalePolicy#KEEP_STALE}) or not at all ({@link StalePolicy#OMIT}).
 */
public final class ContextCache implements AutoCloseable {

    /** One lookup against the source. Runs on the cache's refresh thread only. */
    @FunctionalInterface
    public interface Lookup {
        /**
         * @return the context of one asset by key; empty when the source has none for it
         * @throws Exception when the source is down, slow beyond its timeout, or answers garbage
         */
        Map<String, String> fetch(Isa95Path path, String assetType) throws Exception;
    }

    /** Work a source does once before its first lookup, e.g. open its connection. Runs on the refresh thread. */
    @FunctionalInterface
    public interface Preparation {
        /** @throws Exception when the source cannot be reached yet; the first lookup meets it again and reports it */
        void prepare() throws Exception;
    }

    private final String name;
    private final Lookup lookup;
    private final LongAdder lookups = new LongAdder();
    private final LongAdder lookupFailures = new LongAdder();
    private final long refreshMillis;
    private final long ttlMillis;
    private final long idleMillis;
    private final StalePolicy policy;
    private final LongSupplier clock;
    private final OutageLog outageLog;
    private final ScheduledExecutorService refresher;
    private final long firstWaitNanos;
    private final Map<Isa95Path, Slot> slots = new ConcurrentHashMap<>();

    /**
     * @param name the provider's name, for thread names and logs
     * @param lookup the source
     * @param refresh how often every known asset is looked up again
     * @param ttl how long a successful answer stays fresh
     * @param policy what to add when an answer is not fresh
     * @param secret a password or header value to scrub from log messages ("" if none)
     */
    public ContextCache(String name, Lookup lookup, Duration refresh, Duration ttl, StalePolicy policy,
            String secret, Duration firstLookupWait) {
        this(name, lookup, refresh, ttl, policy, secret, System::currentTimeMillis, firstLookupWait);
    }

    ContextCache(String name, Lookup lookup, Duration refresh, Duration ttl, StalePolicy policy, String secret,
            LongSupplier clock) {
        this(name, lookup, refresh, ttl, policy, secret, clock, Duration.ZERO);
    }

    ContextCache(String name, Lookup lookup, Duration refresh, Duration ttl, StalePolicy policy, String secret,
            LongSupplier clock, Duration firstLookupWait) {
        this.name = name;
        this.firstWaitNanos = firstLookupWait.toNanos();
        this.lookup = lookup;
        this.refreshMillis = refresh.toMillis();
        this.ttlMillis = ttl.toMillis();
        this.idleMillis = Math.max(ttlMillis, 3 * refreshMillis);
        this.policy = policy;
        this.clock = clock;
        this.outageLog = new OutageLog(name, secret);
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "plantwire-context-" + name);
            t.setDaemon(true);
            return t;
        });
        ex.setRemoveOnCancelPolicy(true);
        this.refresher = ex;
        refresher.scheduleWithFixedDelay(this::refreshAll, refreshMillis, refreshMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Runs {@code preparation} on the refresh thread now, ahead of any lookup: a source that opens its connection
     * while the rest of the gateway starts has it open when the first record arrives, so that record waits only
     * for its query (docs/decisions/runtime-start-time.md, "Start order"). A failure is not reported here: the
     * first lookup meets the same problem and reports it as an outage, once.
     */
    public void prepare(Preparation preparation) {
        try {
            refresher.execute(() -> {
                try {
                    preparation.prepare();
                } catch (Exception | LinkageError e) {
                    // left to the first lookup, which retries the same step and reports what fails
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // closing: nothing to prepare for
        }
    }

    /**
     * Adds this provider's context from memory. Waits for the source only while an asset's first lookup is under way,
     * and at most the first-lookup wait after the asset's first record arrived.
     */
    public AssetRecord enrich(AssetRecord record) {
        Slot slot = slots.get(record.path());
        if (slot == null) {
            slot = discover(record);
            if (slot == null) {
                return record; // closing
            }
        }
        long now = clock.getAsLong();
        if (now - slot.lastAskedMillis >= 1_000) {
            slot.lastAskedMillis = now; // coarse, so enrich rarely writes shared memory
        }
        Answer a = slot.answer;
        if (a == null) {
            a = awaitFirstAnswer(slot);
            if (a == null) {
                return record; // first lookup still under way after the wait: this record goes on without
            }
        }
        if (!a.failing && now < a.confirmedAtMillis + ttlMillis) {
            return record.withContext(a.fresh);
        }
        return policy == StalePolicy.KEEP_STALE ? record.withContext(a.stale) : record;
    }

    /** The asset's slot, its first lookup queued; null when the cache is closing. */
    private Slot discover(AssetRecord record) {
        Slot fresh = new Slot(record.path(), record.assetType(), clock.getAsLong());
        Slot known = slots.putIfAbsent(record.path(), fresh);
        if (known != null) {
            return known;
        }
        try {
            refresher.execute(() -> refreshRound(List.of(fresh)));
            return fresh;
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            return null; // closing: nothing to look up any more
        }
    }

    private Answer awaitFirstAnswer(Slot slot) {
        long left = firstWaitNanos - (System.nanoTime() - slot.discoveredNanos);
        if (left > 0) {
            try {
                slot.firstAnswer.await(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return slot.answer;
    }

    private void refreshAll() {
        // An asset nobody asked for in a while (renamed, deselected, decommissioned) is no longer looked up:
        // otherwise a removed asset the MES no longer knows would keep the provider in an outage forever.
        long now = clock.getAsLong();
        slots.values().removeIf(s -> now - s.lastAskedMillis > idleMillis);
        refreshRound(new ArrayList<>(slots.values()));
    }

    /** Assets being looked up now. */
    public int assetsTracked() {
        return slots.size();
    }

    private void refreshRound(List<Slot> round) {
        String firstFailure = null;
        for (Slot s : round) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            long now = clock.getAsLong();
            lookups.increment();
            try {
                Map<String, String> values = lookup.fetch(s.path, s.assetType);
                s.answer = Answer.of(values, now);
            } catch (Exception | LinkageError e) {
                Answer old = s.answer;
                s.answer = old == null ? Answer.NONE : old.failed();
                String failure = s.path + ": " + describe(e);
                outageLog.lookupFailed(failure);
                if (firstFailure == null) {
                    firstFailure = failure;
                }
                // counted last: a status() that sees this failure also sees its entry and its error
                lookupFailures.increment();
            } finally {
                s.firstAnswer.countDown(); // a record waiting for the first answer goes on, with or without
            }
        }
        if (firstFailure != null) {
            outageLog.failed(firstFailure, clock.getAsLong(),
                    policy == StalePolicy.KEEP_STALE ? "the last known context marked stale" : "no context");
        } else if (!round.isEmpty()) {
            outageLog.succeeded(clock.getAsLong());
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m.strip());
    }

    /**
     * Lookups and failures so far, and the entries as they are now: stale when their last good answer is past the
     * time to live or their last lookup failed. Walks the entries (one per asset), never calls the source.
     */
    public ContextStatus status() {
        long now = clock.getAsLong();
        int entries = 0;
        int stale = 0;
        long oldest = Long.MAX_VALUE;
        for (Slot s : slots.values()) {
            Answer a = s.answer;
            if (a == null) {
                continue; // first lookup under way
            }
            entries++;
            if (a.failing || now >= a.confirmedAtMillis + ttlMillis) {
                stale++;
            }
            if (a != Answer.NONE) {
                oldest = Math.min(oldest, a.confirmedAtMillis);
            }
        }
        return new ContextStatus(lookups.sum(), lookupFailures.sum(), entries, stale,
                oldest == Long.MAX_VALUE ? null : Instant.ofEpochMilli(oldest), sourceDown(), lastError());
    }

    /** Whether the source is in an outage right now. */
    public boolean sourceDown() {
        return outageLog.down();
    }

    /** Outages logged at error level since start. */
    public long outagesReported() {
        return outageLog.outages();
    }

    /** Refresh rounds in which at least one lookup failed. */
    public long failedRounds() {
        return outageLog.failedRounds();
    }

    /** Refresh rounds in which every lookup answered. */
    public long goodRounds() {
        return outageLog.goodRounds();
    }

    /** The last failure, scrubbed of secrets; empty if none yet. */
    public String lastError() {
        return outageLog.lastError();
    }

    String name() {
        return name;
    }

    /** Stops the refresh thread; waits up to {@code grace} for a lookup in flight. */
    public void close(Duration grace) {
        refresher.shutdownNow();
        try {
            refresher.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    private static final class Slot {
        final Isa95Path path;
        final String assetType;
        volatile Answer answer;
        volatile long lastAskedMillis;
        final long discoveredNanos = System.nanoTime();
        final CountDownLatch firstAnswer = new CountDownLatch(1);

        Slot(Isa95Path path, String assetType, long now) {
            this.path = path;
            this.assetType = assetType;
            this.lastAskedMillis = now;
        }
    }

    /** One asset's last answer, prebuilt in both forms so enrich only picks one. */
    private static final class Answer {
        static final Answer NONE = new Answer(Map.of(), Map.of(), 0, true);

        final Map<String, ContextValue> fresh;
        final Map<String, ContextValue> stale;
        final long confirmedAtMillis;
        final boolean failing;

        Answer(Map<String, ContextValue> fresh, Map<String, ContextValue> stale, long confirmedAtMillis,
                boolean failing) {
            this.fresh = fresh;
            this.stale = stale;
            this.confirmedAtMillis = confirmedAtMillis;
            this.failing = failing;
        }

        static Answer of(Map<String, String> values, long now) {
            Instant asOf = Instant.ofEpochMilli(now);
            LinkedHashMap<String, ContextValue> f = new LinkedHashMap<>();
            LinkedHashMap<String, ContextValue> s = new LinkedHashMap<>();
            values.forEach((k, v) -> {
                if (k != null && !k.isBlank() && v != null) {
                    f.put(k, ContextValue.of(v, asOf));
                    s.put(k, new ContextValue(v, asOf, true));
                }
            });
            return new Answer(Collections.unmodifiableMap(f), Collections.unmodifiableMap(s), now, false);
        }

        Answer failed() {
            return failing ? this : new Answer(fresh, stale, confirmedAtMillis, true);
        }
    }
}
