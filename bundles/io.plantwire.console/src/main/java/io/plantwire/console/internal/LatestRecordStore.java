package io.plantwire.console.internal;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.Isa95Path;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The latest record of each asset, with trends, in bounded memory. Thread-safe; {@link #offer} never blocks on
 * anything but the asset's own entry.
 */
final class LatestRecordStore {

    private final ConcurrentHashMap<Isa95Path, AssetEntry> assets = new ConcurrentHashMap<>();
    private final Object admission = new Object();
    /** Order in which assets were first seen. */
    private final AtomicLong sequence = new AtomicLong();
    /** Numbers trend points store-wide, so a page can ask for the points after the last one it has. */
    private final AtomicLong pointSequence = new AtomicLong();
    /** Tells a page's cursor from an earlier store's (the sink restarted); not a secret, just unlikely to repeat. */
    private final String id = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    private final AtomicLong kept = new AtomicLong();
    private final AtomicLong notKept = new AtomicLong();
    private final Clock clock;
    private volatile ConsoleSettings settings;
    private volatile Instant lastUpdate;

    LatestRecordStore(ConsoleSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Keeps the record as its asset's latest.
     *
     * @return false if the asset is not kept because {@code max.assets} assets are kept already
     */
    boolean offer(AssetRecord record) {
        ConsoleSettings s = settings;
        AssetEntry entry = assets.get(record.path());
        if (entry == null) {
            entry = admit(record.path(), s.maxAssets());
            if (entry == null) {
                notKept.incrementAndGet();
                return false;
            }
        }
        Instant now = clock.instant();
        entry.update(record, now, s, pointSequence::incrementAndGet);
        kept.incrementAndGet();
        lastUpdate = now;
        return true;
    }

    private AssetEntry admit(Isa95Path path, int maxAssets) {
        // Only the first record of an asset gets here, so one lock keeps the count exact at no cost to the
        // data path. The first max.assets assets stay: evicting on overflow would make the page flicker between
        // assets and hide the ones an operator was watching.
        synchronized (admission) {
            AssetEntry entry = assets.get(path);
            if (entry == null && assets.size() < maxAssets) {
                entry = new AssetEntry(sequence.incrementAndGet());
                assets.put(path, entry);
            }
            return entry;
        }
    }

    /** Applies new limits: drops the most recently added assets over the limit and trims trends. */
    void apply(ConsoleSettings newSettings) {
        synchronized (admission) {
            settings = newSettings;
            if (assets.size() > newSettings.maxAssets()) {
                List<Map.Entry<Isa95Path, AssetEntry>> byAge = new ArrayList<>(assets.entrySet());
                byAge.sort(Comparator.comparingLong(e -> e.getValue().sequence()));
                for (Map.Entry<Isa95Path, AssetEntry> e : byAge.subList(newSettings.maxAssets(), byAge.size())) {
                    assets.remove(e.getKey());
                }
            }
        }
        assets.values().forEach(e -> e.limit(newSettings.trendPoints(), newSettings.trendFieldsPerAsset()));
    }

    /** Every kept asset with full trends, sorted by ISA-95 path. */
    List<AssetView> assets() {
        return assets(0).assets();
    }

    /**
     * Every kept asset, sorted by ISA-95 path, with the trend points added after the cursor {@code after} of an
     * earlier call (0 for all points). The assets' views are taken when {@link Assets#views()} hands them out, one
     * at a time, so a writer never holds all of them at once.
     */
    Assets assets(long after) {
        // Read before the entries: a point gets its sequence under its entry's lock, so every point up to this
        // cursor is in place by the time we take that lock. Newer points wait for the next call, so each point
        // is handed out exactly once, however late a view is taken.
        long cursor = pointSequence.get();
        List<Map.Entry<String, AssetEntry>> shown = new ArrayList<>(assets.size());
        assets.forEach((path, entry) -> {
            if (entry.hasRecord()) { // admitted, its first record not kept yet: the next call shows it
                shown.add(Map.entry(path.toString(), entry));
            }
        });
        shown.sort(Map.Entry.comparingByKey());
        return new Assets(id, cursor, after, shown.stream().map(Map.Entry::getValue).toList());
    }

    /**
     * Assets as of one moment.
     *
     * @param storeId this store's id: a cursor is only meaningful for the store that issued it
     * @param cursor pass it as {@code after} next time to get only newer trend points
     * @param after the cursor the views' trends start after
     * @param entries the assets, sorted by path
     */
    record Assets(String storeId, long cursor, long after, List<AssetEntry> entries) {

        /** The number of assets. */
        int count() {
            return entries.size();
        }

        /**
         * The assets' views, each taken as it is reached: trend points {@code after < sequence <= cursor}, the
         * latest values of that moment. A view is garbage once the caller is done with it: the console's page
         * document of a hundred wide assets is megabytes of views, and kept whole for one request they were promoted
         * and cost a full collection under load.
         */
        Iterable<AssetView> views() {
            return () -> entries.stream().map(e -> e.view(after, cursor)).filter(Objects::nonNull).iterator();
        }

        /** Every view at once (the terminal summary, tests). */
        List<AssetView> assets() {
            List<AssetView> views = new ArrayList<>(entries.size());
            views().forEach(views::add);
            return views;
        }
    }

    String id() {
        return id;
    }

    int assetCount() {
        return assets.size();
    }

    /** Records kept since start. */
    long kept() {
        return kept.get();
    }

    /** Records not kept because their asset was over {@code max.assets}. */
    long notKept() {
        return notKept.get();
    }

    /** When a record was last kept, or null. */
    Instant lastUpdate() {
        return lastUpdate;
    }

    ConsoleSettings settings() {
        return settings;
    }
}
