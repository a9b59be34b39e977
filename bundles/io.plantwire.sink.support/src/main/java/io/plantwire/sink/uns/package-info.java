/**
 * The unified-namespace wire format shared by every sink: {@link io.plantwire.sink.uns.UnsJson} writes the
 * {@code plantwire.uns.asset/1} and {@code plantwire.uns.field/1} JSON documents (docs/mqtt.md has the schema), so
 * the MQTT sink, the Kafka sink and a third-party sink send the same bytes for the same record.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.plantwire.sink.uns;
