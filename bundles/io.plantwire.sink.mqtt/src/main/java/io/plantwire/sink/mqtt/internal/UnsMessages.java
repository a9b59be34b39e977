package io.plantwire.sink.mqtt.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Isa95Path;
import io.plantwire.sink.support.JsonBytes;
import io.plantwire.sink.uns.UnsJson;

/**
 * Turns an asset record into its unified-namespace messages: the asset message on
 * {@code [prefix/]enterprise/site/area/line/cell/asset} and, if configured, one message per field on
 * {@code <asset topic>/<field>}. The JSON documents are written by the shared codec {@link UnsJson}
 * (io.plantwire.sink.support), the same bytes the Kafka sink sends; this class only picks topics, QoS and retain.
 */
final class UnsMessages {

    /** Schema id of the asset message payload. */
    static final String ASSET_SCHEMA = UnsJson.ASSET_SCHEMA;
    /** Schema id of a per-field message payload. */
    static final String FIELD_SCHEMA = UnsJson.FIELD_SCHEMA;

    /** Topics of this many assets are kept as bytes; more (a mapper producing unbounded paths) are encoded each time. */
    private static final int MAX_CACHED_TOPICS = 10_000;
    private final Map<Isa95Path, byte[]> topics = new ConcurrentHashMap<>();
    private final String prefix;
    private final int qos;
    private final boolean retain;
    private final boolean fieldTopics;
    private final boolean fieldTopicsRetain;

    UnsMessages(String prefix, int qos, boolean retain, boolean fieldTopics, boolean fieldTopicsRetain) {
        this.prefix = prefix.isEmpty() ? "" : prefix + "/";
        this.qos = qos;
        this.retain = retain;
        this.fieldTopics = fieldTopics;
        this.fieldTopicsRetain = fieldTopicsRetain;
    }

    UnsMessages(MqttSettings s) {
        this(s.topicPrefix, s.qos, s.retain, s.fieldTopics, s.fieldTopicsRetain);
    }

    /** The asset's topic. ISA-95 level names are valid topic levels by construction (see Isa95Path). */
    String assetTopic(AssetRecord r) {
        return prefix + r.path();
    }

    List<OutboundMessage> messages(AssetRecord r) {
        String topic = assetTopic(r);
        if (!fieldTopics) {
            return List.of(new OutboundMessage(topic, assetPayload(r), qos, retain));
        }
        List<OutboundMessage> out = new ArrayList<>(1 + r.fields().size());
        out.add(new OutboundMessage(topic, assetPayload(r), qos, retain));
        for (Map.Entry<String, FieldValue> f : r.fields().entrySet()) {
            out.add(new OutboundMessage(topic + "/" + topicLevel(f.getKey()), UnsJson.field(r, f.getKey(), f.getValue()),
                    qos, fieldTopicsRetain));
        }
        return out;
    }

    /**
     * Writes the store record {@link OutboundMessage#encode} would make of {@link #messages} into {@code b} (empty):
     * with the asset message alone (the default), the JSON goes straight behind the frame header, without a payload
     * array, a message list and a copy per record.
     */
    void writeStoreRecord(JsonBytes b, AssetRecord r) {
        if (fieldTopics) {
            b.raw(OutboundMessage.encode(messages(r)));
            return;
        }
        byte[] topic = topics.get(r.path());
        if (topic == null) {
            topic = assetTopic(r).getBytes(StandardCharsets.UTF_8);
            if (topics.size() < MAX_CACHED_TOPICS) {
                topics.put(r.path(), topic);
            }
        }
        b.raw(OutboundMessage.FORMAT).raw((byte) 0).raw((byte) 1); // one message
        b.raw((byte) (qos | (retain ? 4 : 0))).raw((byte) (topic.length >>> 8)).raw((byte) topic.length).raw(topic);
        int lengthAt = b.size();
        b.rawInt(0);
        UnsJson.writeAsset(b, r);
        b.putInt(lengthAt, b.size() - lengthAt - 4);
    }

    /** The asset message's JSON: the shared UNS codec's document. */
    static byte[] assetPayload(AssetRecord r) {
        return UnsJson.asset(r);
    }

    /** A field name as one topic level: characters MQTT gives a meaning to become '_'. */
    static String topicLevel(String name) {
        return UnsJson.topicLevel(name);
    }
}
