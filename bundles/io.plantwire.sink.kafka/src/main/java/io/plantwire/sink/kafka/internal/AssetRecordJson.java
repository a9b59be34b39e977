package io.plantwire.sink.kafka.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.ContextValue;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Value;

/**
 * The JSON value of a Kafka record: the same document as the MQTT sink's asset message, schema
 * {@value #SCHEMA} (docs/mqtt.md, docs/kafka.md), so one consumer parses both. Kept byte-for-byte in step with
 * io.plantwire.sink.mqtt's UnsMessages; that class is internal to its bundle, hence this copy (see docs/kafka.md,
 * "What the API should offer").
 */
final class AssetRecordJson {

    /** Schema id, also sent in the {@code plantwire.schema} header. */
    static final String SCHEMA = "plantwire.uns.asset/1";

    private AssetRecordJson() {
    }

    static byte[] encode(AssetRecord r) {
        JsonBytes b = new JsonBytes(512);
        write(b, r);
        return b.toArray();
    }

    /** Appends the record's JSON to {@code b}. */
    static void write(JsonBytes b, AssetRecord r) {
        b.ascii("{\"schema\":\"").ascii(SCHEMA).raw('"');
        b.ascii(",\"path\":").string(r.path().toString());
        b.ascii(",\"isa95\":{\"enterprise\":").string(r.path().enterprise());
        b.ascii(",\"site\":").string(r.path().site());
        b.ascii(",\"area\":").string(r.path().area());
        b.ascii(",\"line\":").string(r.path().line());
        b.ascii(",\"cell\":").string(r.path().cell());
        b.ascii(",\"asset\":").string(r.path().asset());
        b.ascii("},\"assetType\":").string(r.assetType());
        b.ascii(",\"timestamp\":").instant(r.timestamp());
        b.ascii(",\"fields\":{");
        boolean first = true;
        for (Map.Entry<String, FieldValue> f : r.fields().entrySet()) {
            if (!first) {
                b.raw(',');
            }
            first = false;
            b.string(f.getKey()).ascii(":{");
            fieldBody(b, f.getValue());
            b.raw('}');
        }
        b.ascii("},\"context\":{");
        first = true;
        for (Map.Entry<String, ContextValue> c : r.context().entrySet()) {
            if (!first) {
                b.raw(',');
            }
            first = false;
            b.string(c.getKey()).ascii(":{\"value\":").string(c.getValue().value());
            b.ascii(",\"asOf\":").instant(c.getValue().asOf());
            b.ascii(",\"stale\":").ascii(c.getValue().stale() ? "true" : "false").raw('}');
        }
        b.ascii("}}");
    }

    private static void fieldBody(JsonBytes b, FieldValue f) {
        Value v = f.value();
        b.ascii("\"value\":");
        if (v == null) {
            // A BAD field that could not be read has no value: absent, never a number (API model 1.1).
            b.ascii("null");
        } else switch (v.type()) {
            case BOOLEAN:
                b.ascii(v.asBoolean() ? "true" : "false");
                break;
            case INTEGER:
                b.number(v.asLong());
                break;
            case FLOATING:
                double d = v.asDouble();
                if (Double.isFinite(d)) {
                    b.ascii(Double.toString(d));
                } else {
                    b.string(Double.toString(d)); // JSON has no NaN/Infinity
                }
                break;
            default:
                b.string(v.asString());
        }
        if (v != null) {
            b.ascii(",\"type\":\"").ascii(v.type().name()).raw('"');
        }
        if (!f.unit().isEmpty()) {
            b.ascii(",\"unit\":").string(f.unit());
        }
        Quality q = f.quality();
        b.ascii(",\"quality\":\"").ascii(q.status().name()).raw('"');
        if (!q.isGood()) {
            b.ascii(",\"reason\":\"").ascii(q.reason().name()).raw('"');
            if (q.code() != 0) {
                b.ascii(",\"code\":").number(q.code());
            }
            if (!q.detail().isEmpty()) {
                b.ascii(",\"detail\":").string(q.detail());
            }
        }
        b.ascii(",\"timestamp\":").instant(f.timestamp());
    }

    /** Exactly {@code Instant.toString()}, quoted; kept for tests. */
    static void instant(StringBuilder b, Instant t) {
        JsonBytes j = new JsonBytes(40);
        j.instant(t);
        b.append(new String(j.toArray(), StandardCharsets.US_ASCII));
    }
}
