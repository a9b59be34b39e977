package io.plantwire.api.stage;

import org.osgi.annotation.versioning.ConsumerType;

import io.plantwire.api.model.AssetRecord;

/**
 * Cleans and normalizes asset records: scale and offset, unit conversion, range checks that set quality,
 * deadbands, rounding, renaming or dropping fields.
 *
 * <p>Normalizers whose asset selector matches run in {@code service.ranking} order, highest first, each on the
 * previous one's output. Records of one asset are passed one at a time, in order, so per-asset state (deadband,
 * heartbeat) needs no further locking than a concurrent map keyed by asset.
 */
@ConsumerType
public interface Normalizer {

    /**
     * Normalizes one record.
     *
     * @param record the record, never null
     * @return the record to pass on: the same instance when nothing changed, a derived copy otherwise, or
     *         {@code null} to filter the record out on purpose (counted as filtered, never as lost). A record left
     *         without fields is filtered too.
     */
    AssetRecord normalize(AssetRecord record);
}
