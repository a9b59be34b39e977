package io.plantwire.api.stage;

import java.util.function.Consumer;

import org.osgi.annotation.versioning.ConsumerType;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.DeviceReading;

/**
 * Turns device readings into asset records: which points of which devices make up which asset's fields.
 *
 * <p>Every mapper whose device selector matches the reading's device sees each reading. A mapper typically keeps
 * the latest fields of each asset and emits the asset's record whenever one of its sources updates.
 *
 * <p>Threading and order: readings of one device arrive in order, one at a time; readings of different devices
 * may arrive concurrently, so a mapper must be thread-safe. The pipeline processes each emitted record (normalize,
 * enrich, hand to sinks) before {@code out.accept} returns. A mapper that keeps per-asset state must update it and
 * call {@code out.accept} under the same per-asset lock, so that records of one asset reach the sinks in the order
 * of the state changes even when several devices feed that asset.
 */
@ConsumerType
public interface Mapper {

    /**
     * Maps one reading.
     *
     * @param reading the reading, never null
     * @param out receives the records this reading produces (none, one or several); only valid during this call
     */
    void map(DeviceReading reading, Consumer<AssetRecord> out);
}
