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
        StringBuilder b = new StringBuilder(256 + 96 * r.fields().size());
        b.append("{\"schema\":\"").append(SCHEMA).append('"');
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
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void fieldBody(StringBuilder b, FieldValue f) {
        Value v = f.value();
        b.append("\"value\":");
        switch (v.type()) {
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
        b.append(",\"type\":\"").append(v.type()).append('"');
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

    /** Exactly {@code Instant.toString()} (ISO-8601, UTC, 0/3/6/9 fraction digits), without its formatter. */
    static void instant(StringBuilder b, Instant t) {
        long seconds = t.getEpochSecond();
        // Years 0000-9999 only; Instant.toString() widens and signs other years.
        if (seconds < -62167219200L || seconds > 253402300799L) {
            b.append('"').append(t).append('"');
            return;
        }
        long days = Math.floorDiv(seconds, 86400L);
        int secondOfDay = (int) Math.floorMod(seconds, 86400L);
        java.time.LocalDate date = java.time.LocalDate.ofEpochDay(days);
        b.append('"');
        pad(b, date.getYear(), 4).append('-');
        pad(b, date.getMonthValue(), 2).append('-');
        pad(b, date.getDayOfMonth(), 2).append('T');
        pad(b, secondOfDay / 3600, 2).append(':');
        pad(b, secondOfDay / 60 % 60, 2).append(':');
        pad(b, secondOfDay % 60, 2);
        int nanos = t.getNano();
        if (nanos != 0) {
            b.append('.');
            if (nanos % 1_000_000 == 0) {
                pad(b, nanos / 1_000_000, 3);
            } else if (nanos % 1000 == 0) {
                pad(b, nanos / 1000, 6);
            } else {
                pad(b, nanos, 9);
            }
        }
        b.append("Z\"");
    }

    private static StringBuilder pad(StringBuilder b, int value, int digits) {
        for (int limit = 10, i = 1; i < digits; i++, limit *= 10) {
            if (value < limit) {
                b.append('0');
            }
        }
        return b.append(value);
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
}
