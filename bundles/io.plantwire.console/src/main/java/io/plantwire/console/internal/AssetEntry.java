package io.plantwire.console.internal;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Value;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What the console keeps of one asset: its latest record and a trend per numeric field.
 *
 * <p>The pipeline hands records of one asset to a sink one at a time, but the page reads concurrently, so both
 * sides take this entry's lock; each holds it for a copy of a few small arrays at most.
 */
final class AssetEntry {

    private final long sequence;
    private final Map<String, TrendBuffer> trends = new LinkedHashMap<>();
    private AssetRecord latest;
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
     * @param sequence hands out the store-wide sequence numbers of new trend points; called under this entry's
     *        lock, which is what lets a reader know that every point up to a sequence it read is in place
     */
    synchronized void update(AssetRecord record, Instant now, int trendPoints, int trendFields, int trendSpacingMs,
            LongSupplier sequence) {
        latest = record;
        receivedAt = now;
        updates++;
        if (trendFields == 0) {
            return;
        }
        for (Map.Entry<String, FieldValue> field : record.fields().entrySet()) {
            FieldValue fv = field.getValue();
            if (fv.hasValue() && !trendable(fv.value())) {
                continue;
            }
            TrendBuffer trend = trends.get(field.getKey());
            if (trend == null) {
                if (trends.size() >= trendFields) {
                    continue;
                }
                trend = new TrendBuffer(trendPoints);
                trends.put(field.getKey(), trend);
            }
            long t = fv.timestamp().toEpochMilli();
            long last = trend.lastSourceTime();
            // Mappers re-emit unchanged fields with every record of the asset; one sample is one point. And at most
            // one point per trendSpacingMs of source time: the latest value still follows every sample.
            if (t == last || (trendSpacingMs > 0 && last != Long.MIN_VALUE && t > last && t - last < trendSpacingMs)) {
                continue;
            }
            // A BAD field has no value, or one the normalizer rejected: plotting it would draw a point that is not true.
            trend.add(sequence.getAsLong(), t, fv.quality().isBad() || !fv.hasValue() ? Double.NaN : fv.value().asDouble());
        }
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

    /**
     * A copy of the asset with, per trend, the points with {@code after < sequence <= upTo}
     * (see {@link TrendBuffer#since}).
     */
    synchronized AssetView view(long after, long upTo) {
        List<AssetView.FieldView> fields = new ArrayList<>(latest.fields().size());
        for (Map.Entry<String, FieldValue> field : latest.fields().entrySet()) {
            TrendBuffer trend = trends.get(field.getKey());
            fields.add(new AssetView.FieldView(field.getKey(), field.getValue(),
                    trend == null ? null : trend.since(after, upTo)));
        }
        return new AssetView(latest.path(), latest.assetType(), latest.timestamp(), receivedAt, updates,
                List.copyOf(fields), latest.context());
    }

    private static boolean trendable(Value value) {
        return value.isNumeric() || value.type() == Value.Type.BOOLEAN;
    }
}
