package io.plantwire.api.stage;

import org.osgi.annotation.versioning.ConsumerType;

import io.plantwire.api.model.AssetRecord;

/**
 * Takes finished asset records off the gateway: an MQTT unified-namespace publisher, a Kafka bridge, a historian.
 *
 * <p>A sink owns a queue (usually a store-and-forward queue on disk) and drains it on its own threads:
 * {@link #accept} only enqueues. Records of one asset are accepted in order, one at a time.
 */
@ConsumerType
public interface Sink {

    /**
     * Takes one record for delivery.
     *
     * <p>Must not block on the network. If the sink cannot take the record (its queue is full and its overflow
     * policy rejects new records) it throws {@link SinkRejectedException}; the pipeline counts it against this
     * sink and goes on with the others.
     *
     * @param record the record, never null
     * @throws SinkRejectedException when the record was not taken
     */
    void accept(AssetRecord record) throws SinkRejectedException;

    /** The sink's delivery state, for the console and metrics. */
    default SinkStatus status() {
        return SinkStatus.UNKNOWN;
    }
}
