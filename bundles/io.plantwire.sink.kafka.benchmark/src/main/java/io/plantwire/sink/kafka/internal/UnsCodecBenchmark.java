package io.plantwire.sink.kafka.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.ContextValue;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Isa95Path;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Value;
import io.plantwire.sink.support.JsonBytes;
import io.plantwire.sink.uns.UnsJson;

/**
 * The decision of docs/decisions/sink-throughput.md: the plantwire.uns.asset/1 document of one record written by
 * the hand-written {@link UnsJson} (straight into a reused {@link JsonBytes}) against the same document written with
 * Jackson's streaming generator (jackson-core 2.19, UTF-8 generator into a reused {@link ByteArrayBuilder}), for a
 * narrow record (4 fields) and a wide one (56 fields). Both produce a fresh byte[] per record, as a sink needs.
 * Run: {@code mvn -B -o -f bundles/io.plantwire.sink.kafka.benchmark/pom.xml package exec:exec
 * -Djmh.args="UnsCodecBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
public class UnsCodecBenchmark {

    @Param({ "4", "56" })
    public int fields;

    private AssetRecord record;
    private final JsonFactory factory = new JsonFactory();
    private final ByteArrayBuilder jacksonBuffer = new ByteArrayBuilder(8192);

    @Setup
    public void setup() {
        Instant t = Instant.parse("2026-12-06T12:00:00.123456Z");
        AssetRecord.Builder b = AssetRecord.builder(Isa95Path.parse("bench/lab/hall/line-1/cell-a/dev-1"), "BenchDevice", t);
        for (int i = 0; i < fields; i++) {
            b.field(String.format("t%02d", i), new FieldValue(Value.of(100.0 + i / 10.0 + 0.123), "V",
                    i == 3 ? Quality.bad(Quality.Reason.TIMEOUT, "no answer") : Quality.GOOD, t.plusMillis(i)));
        }
        b.context("site", ContextValue.of("lab", t)).context("shift", ContextValue.of("night", t));
        record = b.build();
    }

    @Benchmark
    public byte[] handWritten() {
        return UnsJson.asset(record);
    }

    @Benchmark
    public byte[] jacksonGenerator() throws IOException {
        jacksonBuffer.reset();
        try (JsonGenerator g = factory.createGenerator(jacksonBuffer, JsonEncoding.UTF8)) {
            write(g, record);
        }
        return jacksonBuffer.toByteArray();
    }

    /** The same document as {@link UnsJson#writeAsset}, on Jackson. */
    static void write(JsonGenerator g, AssetRecord r) throws IOException {
        Isa95Path p = r.path();
        g.writeStartObject();
        g.writeStringField("schema", UnsJson.ASSET_SCHEMA);
        g.writeStringField("path", p.toString());
        g.writeObjectFieldStart("isa95");
        g.writeStringField("enterprise", p.enterprise());
        g.writeStringField("site", p.site());
        g.writeStringField("area", p.area());
        g.writeStringField("line", p.line());
        g.writeStringField("cell", p.cell());
        g.writeStringField("asset", p.asset());
        g.writeEndObject();
        g.writeStringField("assetType", r.assetType());
        g.writeStringField("timestamp", r.timestamp().toString());
        g.writeObjectFieldStart("fields");
        for (Map.Entry<String, FieldValue> e : r.fields().entrySet()) {
            FieldValue f = e.getValue();
            Value v = f.value();
            Quality q = f.quality();
            g.writeObjectFieldStart(e.getKey());
            g.writeFieldName("value");
            if (q.isBad()) {
                g.writeNull();
            } else {
                switch (v.type()) {
                    case BOOLEAN -> g.writeBoolean(v.asBoolean());
                    case INTEGER -> g.writeNumber(v.asLong());
                    case FLOATING -> {
                        double d = v.asDouble();
                        if (Double.isFinite(d)) {
                            g.writeNumber(d);
                        } else {
                            g.writeString(Double.toString(d));
                        }
                    }
                    default -> g.writeString(v.asString());
                }
            }
            g.writeStringField("type", v.type().name());
            if (!f.unit().isEmpty()) {
                g.writeStringField("unit", f.unit());
            }
            g.writeStringField("quality", q.status().name());
            if (!q.isGood()) {
                g.writeStringField("reason", q.reason().name());
                if (q.code() != 0) {
                    g.writeNumberField("code", q.code());
                }
                if (!q.detail().isEmpty()) {
                    g.writeStringField("detail", q.detail());
                }
            }
            g.writeStringField("timestamp", f.timestamp().toString());
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeObjectFieldStart("context");
        for (Map.Entry<String, ContextValue> c : r.context().entrySet()) {
            g.writeObjectFieldStart(c.getKey());
            g.writeStringField("value", c.getValue().value());
            g.writeStringField("asOf", c.getValue().asOf().toString());
            g.writeBooleanField("stale", c.getValue().stale());
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeEndObject();
    }
}
