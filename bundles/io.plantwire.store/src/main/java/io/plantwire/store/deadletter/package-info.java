/**
 * Dead letters: records a destination refused for good, kept with the reason instead of being dropped.
 *
 * <p>A sink that gets a permanent refusal (an MQTT 5 reason code such as 0x90 topic name invalid, a Kafka
 * {@code RecordTooLargeException}) moves the record from its {@link io.plantwire.store.StoreAndForwardQueue} into
 * its {@link io.plantwire.store.deadletter.DeadLetterStore}: first {@link DeadLetterStore#add added} there (forced to
 * the device), then acknowledged in the queue, so a crash in between leaves a duplicate, never a loss. The store is
 * bounded by records and bytes; when it is full its {@link io.plantwire.store.deadletter.DeadLetterFullPolicy}
 * decides, and every record it evicts or discards is counted. An operator inspects the dead letters and replays them
 * into the sink's queue through the {@link io.plantwire.store.deadletter.DeadLetters} service the sink registers
 * (the console page and the Gogo commands {@code plantwire:deadletters} and {@code plantwire:replay} use it).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.plantwire.store.deadletter;
