package io.plantwire.console.internal;

import io.plantwire.api.model.ContextValue;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Isa95Path;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A copy of what the console shows of one asset.
 *
 * @param path the asset's ISA-95 path
 * @param assetType the asset type
 * @param timestamp the latest record's timestamp
 * @param receivedAt when the console sink took the latest record
 * @param updates records taken for this asset
 * @param fields the latest record's fields, in its order
 * @param context the latest record's context attributes
 */
record AssetView(Isa95Path path, String assetType, Instant timestamp, Instant receivedAt, long updates,
        List<FieldView> fields, Map<String, ContextValue> context) {

    /**
     * One field with its trend.
     *
     * @param name the field name
     * @param value the latest value, unit, quality and timestamp
     * @param trend the newest points, or null when the field has no trend (not numeric, or over the limit)
     */
    record FieldView(String name, FieldValue value, TrendBuffer.Trend trend) {
    }
}
