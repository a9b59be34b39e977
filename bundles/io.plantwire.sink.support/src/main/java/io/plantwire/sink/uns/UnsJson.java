package io.plantwire.sink.uns;

import java.lang.ref.WeakReference;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Isa95Path;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Value;
import io.plantwire.sink.support.JsonBytes;

/**
 * The one writer of the unified-namespace JSON documents every sink sends: the asset document
 * {@value #ASSET_SCHEMA} (MQTT asset topic, Kafka record value) and the per-field document {@value #FIELD_SCHEMA}
 * (MQTT field topics). The schemas are documented in docs/mqtt.md; change them only together with the schema ids.
 *
 * <p><b>Values and quality.</b> A field's {@code value} is written only when its quality allows it: a BAD field has
 * no usable value (a timed-out register, an exception answer, an out-of-range reading), so its {@code value} is
 * {@code null}, never a number a consumer could mistake for a measurement; {@code quality}, {@code reason},
 * {@code code} and {@code detail} say what happened, and {@code type} is written when the field still knows its
 * type (a reading a stage marked BAD) and left out when it has no value at all. GOOD and UNCERTAIN fields carry their
 * value.
 * NaN and the infinities, which JSON lacks, are written as strings ({@code "NaN"}).
 *
 * <p>Writes straight into a {@link JsonBytes} (the sinks take theirs from their {@link
 * io.plantwire.sink.support.JsonBytesPool}); the byte-array methods are for previews and tests. Thread-safe.
 */
public final class UnsJson {

    /** Schema id of the asset document. */
    public static final String ASSET_SCHEMA = "plantwire.uns.asset/1";
    /** Schema id of a per-field document. */
    public static final String FIELD_SCHEMA = "plantwire.uns.field/1";

    /**
     * The asset documents written last, by record instance. The pipeline hands the same record instance to every
     * sink, one after the other on the device's thread, so the second sink (MQTT and Kafka both write the asset
     * document) copies the bytes instead of encoding the record again: the encoding was the largest CPU share of the
     * wide benchmark (docs/decisions/sink-throughput.md). Records are immutable, so the same instance is the same
     * document. A slot is picked by the record's identity hash and locked while it is read or written; a record
     * whose slot another record took meanwhile is simply encoded again. Static, not per thread: a value on the
     * drivers' threads would keep this library's classes loaded after it was updated (the threads outlive it); a
     * static goes with the class. Keeps at most {@value #MEMO_SLOTS} documents; a document larger than
     * {@value #MEMO_MAX_BYTES} bytes is not kept. The records are held weakly: a record held here until its slot is
     * taken again outlived the young generation under load and was promoted with all its fields (16 records of
     * 56 fields at every young collection; docs/decisions/sink-throughput.md, "Sixth round").
     */
    private static final int MEMO_SLOTS = 16;
    private static final int MEMO_MAX_BYTES = 64 * 1024;
    private static final Memo[] MEMO = new Memo[MEMO_SLOTS];

    static {
        for (int i = 0; i < MEMO_SLOTS; i++) {
            MEMO[i] = new Memo();
        }
    }

    private static final class Memo {
        WeakReference<AssetRecord> record = new WeakReference<>(null);
        final JsonBytes bytes = new JsonBytes(1024);
    }

    private UnsJson() {
    }

    /** Whether a field of this quality carries its value on the wire: every quality but BAD. */
    public static boolean hasUsableValue(Quality q) {
        return !q.isBad();
    }

    /** The asset document of a record, UTF-8 (a new buffer per call: for previews and tests, not the data path). */
    public static byte[] asset(AssetRecord r) {
        JsonBytes b = new JsonBytes(1024);
        writeAsset(b, r);
        return b.toArray();
    }

    /** The per-field document of one field of a record, UTF-8 (a new buffer per call; see {@link #writeField}). */
    public static byte[] field(AssetRecord r, String name, FieldValue f) {
        JsonBytes b = new JsonBytes(256);
        writeField(b, r, name, f);
        return b.toArray();
    }

    /** Appends the asset document of a record to {@code b}. */
    public static void writeAsset(JsonBytes b, AssetRecord r) {
        Memo memo = MEMO[(System.identityHashCode(r) & 0x7fffffff) % MEMO_SLOTS];
        synchronized (memo) {
            if (memo.record.get() == r) {
                b.raw(memo.bytes);
                return;
            }
        }
        int start = b.size();
        encodeAsset(b, r);
        if (b.size() - start > MEMO_MAX_BYTES) {
            return;
        }
        synchronized (memo) {
            memo.bytes.setTo(b, start);
            memo.record = new WeakReference<>(r);
        }
    }

    private static void encodeAsset(JsonBytes b, AssetRecord r) {
        Isa95Path p = r.path();
        b.ascii("{\"schema\":\"").ascii(ASSET_SCHEMA).raw('"');
        b.ascii(",\"path\":").string(p.toString());
        b.ascii(",\"isa95\":{\"enterprise\":").string(p.enterprise());
        b.ascii(",\"site\":").string(p.site());
        b.ascii(",\"area\":").string(p.area());
        b.ascii(",\"line\":").string(p.line());
        b.ascii(",\"cell\":").string(p.cell());
        b.ascii(",\"asset\":").string(p.asset());
        b.ascii("},\"assetType\":").string(r.assetType());
        b.ascii(",\"timestamp\":").instant(r.timestamp());
        // forEach, not entrySet(): the record's maps are unmodifiable views, whose entry set wraps every entry it
        // hands out; forEach reaches the map underneath without that (an object per field of every record).
        b.ascii(",\"fields\":{");
        int fieldsStart = b.size();
        r.fields().forEach((name, f) -> {
            if (b.size() > fieldsStart) {
                b.raw(',');
            }
            b.string(name).ascii(":{");
            fieldBody(b, f);
            b.raw('}');
        });
        b.ascii("},\"context\":{");
        int contextStart = b.size();
        r.context().forEach((name, c) -> {
            if (b.size() > contextStart) {
                b.raw(',');
            }
            b.string(name).ascii(":{\"value\":").string(c.value());
            b.ascii(",\"asOf\":").instant(c.asOf());
            b.ascii(",\"stale\":").bool(c.stale()).raw('}');
        });
        b.ascii("}}");
    }

    /** Appends the per-field document of one field of a record to {@code b}. */
    public static void writeField(JsonBytes b, AssetRecord r, String name, FieldValue f) {
        b.ascii("{\"schema\":\"").ascii(FIELD_SCHEMA).raw('"');
        b.ascii(",\"path\":").string(r.path().toString());
        b.ascii(",\"field\":").string(name).raw(',');
        fieldBody(b, f);
        b.raw('}');
    }

    private static void fieldBody(JsonBytes b, FieldValue f) {
        // API 1.2 (driverkit): a BAD field may have no value at all (FieldValue.value() null, hasValue() false);
        // it is written "value":null without "type". A BAD field that kept a value (a stage marked a real reading
        // out of range) is written "value":null too, with its type.
        Value v = f.value();
        Quality q = f.quality();
        b.ascii("\"value\":");
        if (v == null || !hasUsableValue(q)) {
            b.ascii("null");
        } else {
            switch (v.type()) {
                case BOOLEAN:
                    b.bool(v.asBoolean());
                    break;
                case INTEGER:
                    b.number(v.asLong());
                    break;
                case FLOATING:
                    b.number(v.asDouble());
                    break;
                default:
                    b.string(v.asString());
            }
        }
        if (v != null) {
            b.ascii(",\"type\":\"").ascii(v.type().name()).raw('"');
        }
        if (!f.unit().isEmpty()) {
            b.ascii(",\"unit\":").string(f.unit());
        }
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

    /** A field name as one MQTT topic level: the characters MQTT gives a meaning to ({@code / + #} and NUL) become '_'. */
    public static String topicLevel(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            b.append(c == '/' || c == '+' || c == '#' || c == '\0' ? '_' : c);
        }
        return b.toString();
    }
}
