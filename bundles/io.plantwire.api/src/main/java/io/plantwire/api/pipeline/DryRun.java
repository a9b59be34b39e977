package io.plantwire.api.pipeline;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.DeviceReading;

/**
 * Runs a reading through the pipeline as a dry run: mappers, normalizers and context providers exactly as for a
 * submitted reading, then asks each selected sink what it would send ({@link io.plantwire.api.stage.PublishPreview})
 * instead of handing it the record. Nothing is queued or published, no counter moves, and stateful stages keep
 * their state ({@link io.plantwire.api.stage.Preview}). Provided by the pipeline bundle.
 */
@ProviderType
public interface DryRun {

    /**
     * Runs one reading.
     *
     * @param reading the reading, never null
     * @return one entry per record the mappers produced, in order; empty when no mapper took the reading
     */
    List<Result> run(DeviceReading reading);

    /**
     * What became of one mapped record.
     *
     * @param record the record as the sinks would get it, or as it was when a stage stopped it; null when the
     *        mapper itself failed
     * @param publications what each sink would send, in sink order
     * @param notes why the record would not be published, or went out with less than usual: filtered by a
     *        normalizer, a failing stage, no sink selecting the asset, a sink that cannot preview, required stages
     *        absent (readings are held meanwhile)
     */
    record Result(AssetRecord record, List<SinkPublication> publications, List<String> notes) {

        public Result {
            publications = List.copyOf(publications);
            notes = List.copyOf(notes);
        }
    }

    /**
     * One message a sink would send.
     *
     * @param sink the sink's stage name
     * @param destination MQTT topic, Kafka topic and key, ... in the sink's terms
     * @param payload the message body as text
     */
    record SinkPublication(String sink, String destination, String payload) {
    }
}
