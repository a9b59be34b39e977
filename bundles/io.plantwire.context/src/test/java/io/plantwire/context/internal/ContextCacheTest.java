package io.plantwire.context.internal;

import static io.plantwire.context.internal.Records.TANK_1;
import static io.plantwire.context.internal.Records.TANK_2;
import static io.plantwire.context.internal.Records.tank;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.Isa95Path;
import io.plantwire.api.stage.ContextStatus;
import io.plantwire.test.support.Await;

/** The cache's own rules (TTL, stale policy, outage log) with a lookup the test controls and a manual clock. */
class ContextCacheTest {

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final AtomicReference<String> batch = new AtomicReference<>("B-1");
    private final AtomicReference<String> failure = new AtomicReference<>();
    /** Lookups wait until it opens; open unless a test closes it. */
    private final AtomicReference<CountDownLatch> lookupGate = new AtomicReference<>(new CountDownLatch(0));

    private ContextCache cache(StalePolicy policy) {
        return new ContextCache("test", (path, type) -> {
            try {
                lookupGate.get().await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
            String f = failure.get();
            if (f != null) {
                throw new IOException(f);
            }
            return Map.of("batchId", batch.get() + "@" + path.asset());
        }, Duration.ofMillis(50), Duration.ofSeconds(60), policy, "s3cret", clock::get);
    }

    @Test
    void firstRecordGoesOnWithoutContextThenContextIsFresh() {
        lookupGate.set(new CountDownLatch(1)); // the first lookup cannot have answered when enrich returns
        try (ContextCache c = cache(StalePolicy.KEEP_STALE)) {
            assertThat(c.enrich(tank(TANK_1)).context()).as("first record does not wait").isEmpty();
            lookupGate.get().countDown();
            Await.until("first lookup", () -> !c.enrich(tank(TANK_1)).context().isEmpty());
            AssetRecord r = c.enrich(tank(TANK_1));
            assertThat(r.context().get("batchId").value()).isEqualTo("B-1@tank-1");
            assertThat(r.context().get("batchId").stale()).isFalse();
            assertThat(r.context().get("batchId").asOf().toEpochMilli()).isEqualTo(clock.get());
        }
    }

    @Test
    void withAFirstLookupWaitTheFirstRecordOfEachAssetCarriesContext() {
        try (ContextCache c = new ContextCache("wait", (path, type) -> Map.of("batchId", "B-" + path.asset()),
                Duration.ofSeconds(30), Duration.ofSeconds(60), StalePolicy.KEEP_STALE, "", clock::get,
                Duration.ofSeconds(30))) {
            assertThat(c.enrich(tank(TANK_1)).context().get("batchId").value()).isEqualTo("B-tank-1");
            assertThat(c.enrich(tank(TANK_2)).context().get("batchId").value()).isEqualTo("B-tank-2");
        }
    }

    @Test
    void aSourceSlowerThanTheWaitCostsOnlyTheFirstRecordsTheWaitAndAFailingOneNothing() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ContextCache c = new ContextCache("slow", (path, type) -> {
            if (path.equals(TANK_1)) {
                release.await(); // a hanging MES: longer than any wait
                return Map.of("batchId", "B-late");
            }
            throw new IOException("connection refused");
        }, Duration.ofSeconds(30), Duration.ofSeconds(60), StalePolicy.KEEP_STALE, "", clock::get,
                Duration.ofMillis(200))) {
            // tank-2's failed lookup releases its record at once, without context (the stale policy has nothing yet)
            assertThat(c.enrich(tank(TANK_2)).context()).isEmpty();
            // tank-1 gives up after its wait
            assertThat(c.enrich(tank(TANK_1)).context()).isEmpty();
            // the wait is spent: later records of tank-1 do not wait again while the lookup still hangs
            assertThat(c.enrich(tank(TANK_1)).context()).isEmpty();
            release.countDown();
            Await.until("late answer", () -> !c.enrich(tank(TANK_1)).context().isEmpty());
            assertThat(c.enrich(tank(TANK_1)).context().get("batchId").value()).isEqualTo("B-late");
        }
    }

    @Test
    void valuesOlderThanTtlAreStaleEvenWithoutAFailure() {
        AtomicLong lookups = new AtomicLong();
        try (ContextCache c = new ContextCache("ttl", (p, t) -> {
            lookups.incrementAndGet();
            return Map.of("batchId", "B-9");
        }, Duration.ofHours(1), Duration.ofSeconds(60), StalePolicy.KEEP_STALE, "", clock::get)) {
            c.enrich(tank(TANK_1));
            Await.until("first lookup", () -> lookups.get() == 1 && !c.enrich(tank(TANK_1)).context().isEmpty());
            assertThat(c.enrich(tank(TANK_1)).context().get("batchId").stale()).isFalse();
            clock.addAndGet(60_000);
            assertThat(c.enrich(tank(TANK_1)).context().get("batchId").stale()).isTrue();
            assertThat(c.enrich(tank(TANK_1)).context().get("batchId").value()).isEqualTo("B-9");
        }
    }

    @Test
    void statusCountsLookupsFailuresAndStaleEntriesWithoutAskingTheSource() {
        AtomicLong lookups = new AtomicLong();
        try (ContextCache c = new ContextCache("status", (p, t) -> {
            lookups.incrementAndGet();
            String f = failure.get();
            if (f != null) {
                throw new IOException(f);
            }
            return Map.of("batchId", "B-9");
        }, Duration.ofHours(1), Duration.ofSeconds(60), StalePolicy.KEEP_STALE, "s3cret", clock::get)) {
            assertThat(c.status()).isEqualTo(new ContextStatus(0, 0, 0, 0, null, false, ""));
            c.enrich(tank(TANK_1));
            c.enrich(tank(TANK_2));
            Await.until("both looked up", () -> c.status().entries() == 2);
            ContextStatus fresh = c.status();
            assertThat(fresh.lookups()).isEqualTo(2).isEqualTo(lookups.get());
            assertThat(fresh.failures()).isZero();
            assertThat(fresh.staleEntries()).isZero();
            assertThat(fresh.oldestAnswer().toEpochMilli()).isEqualTo(clock.get());
            assertThat(lookups.get()).as("status() never asks the source").isEqualTo(2);

            clock.addAndGet(60_000); // past the time to live: both entries stale, nothing failed
            assertThat(c.status().staleEntries()).isEqualTo(2);
            assertThat(c.status().failures()).isZero();

            failure.set("mes.local refused (password s3cret)");
            c.enrich(tank(Isa95Path.parse("acme/rotterdam/tankfarm/line-1/cell-a/tank-3")));
            Await.until("the third asset's lookup failed", () -> c.status().failures() == 1);
            ContextStatus failed = c.status();
            assertThat(failed.entries()).isEqualTo(3);
            assertThat(failed.staleEntries()).isEqualTo(3);
            assertThat(failed.lookups()).isEqualTo(3);
            assertThat(failed.lastError()).contains("refused").doesNotContain("s3cret");
            assertThat(failed.oldestAnswer().toEpochMilli()).isEqualTo(clock.get() - 60_000);
        }
    }

    /**
     * A status taken in the middle of a refresh round, after one lookup failed and while the next is still out:
     * the counted failure comes with its entry and its error, not only at the end of the round.
     */
    @Test
    void aFailureCountedInTheMiddleOfARoundAlreadyHasItsError() throws Exception {
        AtomicLong failingPhaseLookups = new AtomicLong();
        CountDownLatch release = new CountDownLatch(1);
        try (ContextCache c = new ContextCache("mid-round", (p, t) -> {
            if (failure.get() == null) {
                return Map.of("batchId", "B-9");
            }
            if (failingPhaseLookups.incrementAndGet() == 1) {
                throw new IOException(failure.get());
            }
            release.await(); // the round's second lookup stays out until the test has looked
            return Map.of("batchId", "B-9");
        }, Duration.ofMillis(20), Duration.ofSeconds(60), StalePolicy.KEEP_STALE, "", clock::get)) {
            c.enrich(tank(TANK_1));
            c.enrich(tank(TANK_2));
            Await.until("both looked up", () -> c.status().entries() == 2);

            failure.set("mes.local timed out");
            Await.until("the round's first lookup failed", () -> c.status().failures() == 1);
            assertThat(c.status().lastError()).contains("timed out");
            release.countDown();
        } finally {
            release.countDown();
        }
    }

    @Test
    void outageIsLoggedOncePerOutageAndRecovers() {
        try (ContextCache c = cache(StalePolicy.KEEP_STALE)) {
            c.enrich(tank(TANK_1));
            c.enrich(tank(TANK_2));
            Await.until("both looked up", () -> c.enrich(tank(TANK_2)).context().containsKey("batchId")
                    && c.enrich(tank(TANK_1)).context().containsKey("batchId"));

            failure.set("connection refused by mes.local (password s3cret)");
            long before = c.failedRounds();
            Await.until("five failed rounds", () -> c.failedRounds() >= before + 5);
            assertThat(c.outagesReported()).isEqualTo(1);
            assertThat(c.sourceDown()).isTrue();
            assertThat(c.lastError()).contains("connection refused").doesNotContain("s3cret").contains("***");
            AssetRecord r = c.enrich(tank(TANK_1));
            assertThat(r.context().get("batchId").value()).isEqualTo("B-1@tank-1");
            assertThat(r.context().get("batchId").stale()).isTrue();

            batch.set("B-2");
            failure.set(null);
            Await.until("recovered", () -> !c.sourceDown());
            Await.until("new batch", () -> c.enrich(tank(TANK_1)).context().get("batchId").value()
                    .equals("B-2@tank-1"));
            assertThat(c.enrich(tank(TANK_1)).context().get("batchId").stale()).isFalse();

            failure.set("again");
            Await.until("second outage", () -> c.outagesReported() == 2);
        }
    }

    @Test
    void omitPolicyAddsNothingWhileDown() {
        try (ContextCache c = cache(StalePolicy.OMIT)) {
            c.enrich(tank(TANK_1));
            Await.until("first lookup", () -> !c.enrich(tank(TANK_1)).context().isEmpty());
            failure.set("down");
            Await.until("omitted", () -> c.enrich(tank(TANK_1)).context().isEmpty());
            assertThat(c.enrich(tank(TANK_1)).fields()).containsKey("power");
        }
    }

    @Test
    void assetsNobodyAsksForAnyMoreAreForgotten() {
        AtomicLong tank2Lookups = new AtomicLong();
        try (ContextCache c = new ContextCache("idle", (p, t) -> {
            if (p.equals(TANK_2)) {
                tank2Lookups.incrementAndGet();
            }
            return Map.of("batchId", "B-" + p.asset());
        }, Duration.ofMillis(50), Duration.ofSeconds(60), StalePolicy.KEEP_STALE, "", clock::get)) {
            c.enrich(tank(TANK_1));
            c.enrich(tank(TANK_2));
            Await.until("both looked up", () -> c.enrich(tank(TANK_1)).context().containsKey("batchId")
                    && c.enrich(tank(TANK_2)).context().containsKey("batchId"));
            assertThat(c.assetsTracked()).isEqualTo(2);

            // tank-2 is decommissioned: only tank-1 records come for longer than the TTL
            clock.addAndGet(61_000);
            c.enrich(tank(TANK_1));
            Await.until("tank-2 forgotten", () -> c.assetsTracked() == 1);
            long after = tank2Lookups.get();
            long rounds = c.goodRounds();
            Await.until("more rounds", () -> c.goodRounds() > rounds + 3);
            assertThat(tank2Lookups.get()).isEqualTo(after);
            assertThat(c.enrich(tank(TANK_1)).context()).containsKey("batchId");
        }
    }
}
