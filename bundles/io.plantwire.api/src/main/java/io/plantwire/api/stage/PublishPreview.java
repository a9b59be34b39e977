package io.plantwire.api.stage;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

import io.plantwire.api.model.AssetRecord;

/**
 * Optional for a {@link Sink}: what it would send for a record, without sending or queueing anything. The gateway's
 * dry run prints it. Implement it on the same object that is registered as the {@link Sink} service.
 */
@ConsumerType
public interface PublishPreview {

    /**
     * The messages this sink would send for {@code record}.
     *
     * @param record the record, never null
     * @return one entry per message (usually one); empty when the sink would send nothing for this record
     * @throws IllegalArgumentException when the sink could not send this record, with the reason (a topic template
     *         that yields an invalid topic, say)
     */
    List<Publication> preview(AssetRecord record);

    /**
     * One message a sink would send.
     *
     * @param destination where it would go, in the sink's terms: an MQTT topic, a Kafka topic and key
     * @param payload the message body as text (binary formats should render it readably, e.g. as hex)
     */
    record Publication(String destination, String payload) {

        public Publication {
            if (destination == null || payload == null) {
                throw new IllegalArgumentException("destination and payload are required");
            }
        }
    }
}
