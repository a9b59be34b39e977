package io.plantwire.sink.mqtt.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.ContextValue;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Value;

/**
 * Turns an asset record into its unified-namespace messages: the asset message on
 * {@code [prefix/]enterprise/site/area/line/cell/asset} and, if configured, one message per field on
 * {@code <asset topic>/<field>}. The JSON schemas are documented in docs/mqtt.md; change them only together with
 * the schema ids.
 */
final class UnsMessages {

    /** Schema id of the asset message payload. */
    static final String ASSET_SCHEMA = "plantwire.uns.asset/1";
    /** Schema id of a per-field message payload. */
    static final String FIELD_SCHEMA = "plantwire.uns.field/1";

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
            StringBuilder b = new StringBuilder(160);
            b.append("{\"schema\":\"").append(FIELD_SCHEMA).append('"');
            b.append(",\"path\":");
            string(b, r.path().toString());
            b.append(",\"field\":");
            string(b, f.getKey());
            b.append(',');
            fieldBody(b, f.getValue());
            b.append('}');
            out.add(new OutboundMessage(topic + "/" + topicLevel(f.getKey()), utf8(b), qos, fieldTopicsRetain));
        }
        return out;
    }

    /** The asset message's JSON. */
    static byte[] assetPayload(AssetRecord r) {
        StringBuilder b = new StringBuilder(256 + 96 * r.fields().size());
        b.append("{\"schema\":\"").append(ASSET_SCHEMA).append('"');
        b.append(",\"path\":");
        string(b, r.path().toString());
        b.append(",\"isa95\":{\"enterprise\":");
        string(b, r.path().enterprise());
        b.append(",\"site\":");
        string(b, r.path().site());
        b.append(",\"area\":");
        string(b, r.path().area());
        b.append(",\"line\":");
        string(b, r.path().line());
        b.append(",\"cell\":");
        string(b, r.path().cell());
        b.append(",\"asset\":");
        string(b, r.path().asset());
        b.append("},\"assetType\":");
        string(b, r.assetType());
        b.append(",\"timestamp\":");
        instant(b, r.timestamp());
        b.append(",\"fields\":{");
        boolean first = true;
        for (Map.Entry<String, FieldValue> f : r.fields().entrySet()) {
            if (!first) {
                b.append(',');
            }
            first = false;
            string(b, f.getKey());
            b.append(":{");
            fieldBody(b, f.getValue());
            b.append('}');
        }
        b.append("},\"context\":{");
        first = true;
        for (Map.Entry<String, ContextValue> c : r.context().entrySet()) {
            if (!first) {
                b.append(',');
            }
            first = false;
            string(b, c.getKey());
            b.append(":{\"value\":");
            string(b, c.getValue().value());
            b.append(",\"asOf\":");
            instant(b, c.getValue().asOf());
            b.append(",\"stale\":").append(c.getValue().stale()).append('}');
        }
        b.append("}}");
        return utf8(b);
    }

    private static void fieldBody(StringBuilder b, FieldValue f) {
        Value v = f.value();
        b.append("\"value\":");
        if (v == null) {
            // A BAD field that could not be read has no value: absent, never a number (API model 1.1).
            b.append("null");
        } else switch (v.type()) {
            case BOOLEAN:
                b.append(v.asBoolean());
                break;
            case INTEGER:
                b.append(v.asLong());
                break;
            case FLOATING:
                double d = v.asDouble();
                if (Double.isFinite(d)) {
                    b.append(d);
                } else {
                    string(b, Double.toString(d)); // JSON has no NaN/Infinity
                }
                break;
            default:
                string(b, v.asString());
        }
        if (v != null) {
            b.append(",\"type\":\"").append(v.type()).append('"');
        }
        if (!f.unit().isEmpty()) {
            b.append(",\"unit\":");
            string(b, f.unit());
        }
        Quality q = f.quality();
        b.append(",\"quality\":\"").append(q.status()).append('"');
        if (!q.isGood()) {
            b.append(",\"reason\":\"").append(q.reason()).append('"');
            if (q.code() != 0) {
                b.append(",\"code\":").append(q.code());
            }
            if (!q.detail().isEmpty()) {
                b.append(",\"detail\":");
                string(b, q.detail());
            }
        }
        b.append(",\"timestamp\":");
        instant(b, f.timestamp());
    }

    /** A field name as one topic level: characters MQTT gives a meaning to become '_'. */
    static String topicLevel(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            b.append(c == '/' || c == '+' || c == '#' || c == '\0' ? '_' : c);
        }
        return b.toString();
    }

    private static void instant(StringBuilder b, Instant t) {
        b.append('"').append(t).append('"');
    }

    static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    b.append("\\\"");
                    break;
                case '\\':
                    b.append("\\\\");
                    break;
                case '\n':
                    b.append("\\n");
                    break;
                case '\r':
                    b.append("\\r");
                    break;
                case '\t':
                    b.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        b.append('"');
    }

    private static byte[] utf8(StringBuilder b) {
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
