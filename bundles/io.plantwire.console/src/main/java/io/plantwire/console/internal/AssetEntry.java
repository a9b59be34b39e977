package io.plantwire.console.internal;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.ContextValue;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Isa95Path;
import io.plantwire.api.model.Value;
import io.plantwire.api.stage.LatestFields;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What the console keeps of one asset: its latest record and a trend per numeric field.
 *
 * <p>The latest record is kept as a copy in flat arrays ({@link LatestFields}), not as the record: a record kept
 * until the asset's next one lives one poll period, longer than the young generation lasts under load, and was
 * promoted with all its fields (docs/decisions/sink-throughput.md, "Sixth round").
 *
 * <p>The pipeline hands records of one asset to a sink one at a time, but the page reads concurrently, so both
 * sides take this entry's lock; each holds it for a copy of a few small arrays at most.
 */
final class AssetEntry {

    private final long sequence;
    private final Map<String, TrendBuffer> trends = new LinkedHashMap<>();
    private Isa95Path path;
    private String assetType;
    private Instant timestamp;
    private Map<String, ContextValue> context = Map.of();
    private String[] names = new String[0];
    private LatestFields values = new LatestFields(0);
    private Instant receivedAt;
    private long updates;

    AssetEntry(long sequence) {
        this.sequence = sequence;
    }

    /** Order of first sight, so shrinking the limit drops the newest assets, not the ones operators know. */
    long sequence() {
        return sequence;
    }

    /**
     * @param settings the trends' sizes and spacing
     * @param sequence hands out the store-wide sequence numbers of new trend points; called under this entry's
     *        lock, which is what lets a reader know that every point up to a sequence it read is in place
     */
    synchronized void update(AssetRecord record, Instant now, ConsoleSettings settings, LongSupplier sequence) {
        path = record.path();
        assetType = record.assetType();
        timestamp = record.timestamp();
        if (!record.context().equals(context)) {
            context = record.context(); // most records carry the context of the one before
        }
        receivedAt = now;
        updates++;
        Map<String, FieldValue> fields = record.fields();
        if (names.length != fields.size()) {
            names = new String[fields.size()];
            values = new LatestFields(fields.size());
        }
        // forEach, not entrySet(): the record's unmodifiable map would wrap every entry in a new object
        int[] next = { 0 };
        fields.forEach((name, fv) -> keepField(next[0]++, name, fv, settings, sequence));
    }

    private void keepField(int i, String name, FieldValue fv, ConsoleSettings settings, LongSupplier sequence) {
        names[i] = name;
        values.set(i, fv);
        if (settings.trendFieldsPerAsset() == 0 || (fv.hasValue() && !trendable(fv.value()))) {
            return;
        }
        TrendBuffer trend = trends.get(name);
        if (trend == null) {
            if (trends.size() >= settings.trendFieldsPerAsset()) {
                return;
            }
            trend = new TrendBuffer(settings.trendPoints());
            trends.put(name, trend);
        }
        long t = fv.timestamp().toEpochMilli();
        long last = trend.lastSourceTime();
        int spacingMs = settings.trendSpacingMs();
        // Mappers re-emit unchanged fields with every record of the asset; one sample is one point. And at most
        // one point per trendSpacingMs of source time: the latest value still follows every sample.
        if (t == last || (spacingMs > 0 && last != Long.MIN_VALUE && t > last && t - last < spacingMs)) {
            return;
        }
        // A BAD field has no value, or one the normalizer rejected: plotting it would draw a point that is not true.
        trend.add(sequence.getAsLong(), t, fv.quality().isBad() || !fv.hasValue() ? Double.NaN : fv.value().asDouble());
    }

    synchronized void limit(int trendPoints, int trendFields) {
        if (trends.size() > trendFields) {
            List<String> names = new ArrayList<>(trends.keySet());
            for (String name : names.subList(trendFields, names.size())) {
                trends.remove(name);
            }
        }
        trends.values().forEach(t -> t.resize(trendPoints));
    }

    /** True once the entry holds a record; an entry is admitted just before its first one. */
    synchronized boolean hasRecord() {
        return path != null;
    }

    /**
     * A copy of the asset with, per trend, the points with {@code after < sequence <= upTo}
     * (see {@link TrendBuffer#since}); null for an entry a reader sees between its admission and its first record.
     */
    synchronized AssetView view(long after, long upTo) {
        if (path == null) {
            return null;
        }
        List<AssetView.FieldView> fields = new ArrayList<>(names.length);
        for (int i = 0; i < names.length; i++) {
            TrendBuffer trend = trends.get(names[i]);
            fields.add(new AssetView.FieldView(names[i], values.get(i), trend == null ? null : trend.since(after, upTo)));
        }
        return new AssetView(path, assetType, timestamp, receivedAt, updates, List.copyOf(fields), context);
    }

    private static boolean trendable(Value value) {
        return value.isNumeric() || value.type() == Value.Type.BOOLEAN;
    }
}
