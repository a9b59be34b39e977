package io.plantwire.console.internal;

import io.plantwire.api.driver.ConnectionState;
import io.plantwire.api.driver.DeviceStatus;
import io.plantwire.api.model.ContextValue;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Isa95Path;
import io.plantwire.api.model.Quality;
import io.plantwire.api.pipeline.PipelineStatus;
import io.plantwire.api.pipeline.StageCounters;
import io.plantwire.api.stage.SinkStatus;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link GatewaySnapshot} as the JSON document the page polls. The schema is documented in
 * docs/console.md; times are epoch milliseconds, values are sent as text with their type so 64-bit integers
 * survive JavaScript's doubles.
 */
final class ConsoleJson {

    private ConsoleJson() {
    }

    /** The document as a string (tests, small snapshots). */
    static String render(GatewaySnapshot snapshot) {
        StringWriter s = new StringWriter(4096);
        try {
            write(snapshot, s);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not throw
        }
        return s.toString();
    }

    /** Writes the document to {@code out} in chunks of ~{@link JsonWriter#SPILL_CHARS}, and flushes it. */
    static void write(GatewaySnapshot snapshot, Writer out) throws IOException {
        JsonWriter w = new JsonWriter(out);
        w.beginObject();
        w.name("takenAt").millis(snapshot.takenAt());
        w.name("refreshIntervalMs").value(snapshot.refreshIntervalMs());
        devices(w, snapshot.devices());
        w.name("failures").beginArray();
        for (GatewaySnapshot.Failure f : snapshot.driverFailures()) {
            w.beginObject().name("service").value(f.service()).name("error").value(f.error()).endObject();
        }
        w.endArray();
        pipeline(w, snapshot.pipeline(), snapshot.stages());
        sinks(w, snapshot.sinks());
        deadLetters(w, snapshot.deadLetters());
        assets(w, snapshot);
        w.endObject();
        w.finish();
    }

    private static void devices(JsonWriter w, List<DeviceStatus> devices) {
        w.name("devices").beginArray();
        for (DeviceStatus d : devices) {
            w.beginObject();
            w.name("deviceId").value(d.deviceId());
            w.name("driverType").value(d.driverType());
            w.name("endpoint").value(d.endpoint());
            w.name("state").value(d.state() == null ? null : d.state().name());
            w.name("lastSuccessfulPoll").millis(d.lastSuccessfulPoll());
            w.name("lastError").value(d.lastError());
            w.name("lastErrorTime").millis(d.lastErrorTime());
            w.name("lastErrorCurrent").value(errorIsCurrent(d));
            w.name("requests").value(d.requests());
            w.name("errors").value(d.errors());
            w.name("lastRoundTripMicros").value(d.lastRoundTripMicros());
            w.name("meanRoundTripMicros").value(d.meanRoundTripMicros());
            w.name("maxRoundTripMicros").value(d.maxRoundTripMicros());
            w.endObject();
        }
        w.endArray();
    }

    /**
     * Whether a device's last error still stands: it is connected and polled successfully after it, it is past
     * (e.g. the refused first connect of a device that started before its simulator or server). The page shows a
     * past error grey, a current one red.
     */
    static boolean errorIsCurrent(DeviceStatus d) {
        if (d.lastError().isEmpty()) {
            return false;
        }
        boolean recovered = d.state() == ConnectionState.CONNECTED && d.lastSuccessfulPoll() != null
                && d.lastErrorTime() != null && d.lastSuccessfulPoll().isAfter(d.lastErrorTime());
        return !recovered;
    }

    private static void pipeline(JsonWriter w, PipelineStatus p, List<StageCounters> stages) {
        w.name("pipeline");
        if (p == null) {
            w.nullValue();
            return;
        }
        w.beginObject();
        w.name("readingsIn").value(p.readingsIn());
        w.name("readingsProcessed").value(p.readingsProcessed());
        w.name("recordsOut").value(p.recordsOut());
        w.name("held").value(p.held());
        w.name("holdCapacity").value(p.holdCapacity());
        w.name("heldBytes").value(p.heldBytes());
        w.name("holdMaxBytes").value(p.holdMaxBytes());
        w.name("overflowDropped").value(p.overflowDropped());
        w.name("overflowRejected").value(p.overflowRejected());
        w.name("unrouted").value(p.unrouted());
        w.name("missingRequiredStages").beginArray();
        if (p.missingRequiredStages() != null) {
            p.missingRequiredStages().forEach(w::value);
        }
        w.endArray();
        w.name("stages").beginArray();
        for (StageCounters s : stages) {
            w.beginObject();
            w.name("kind").value(s.kind() == null ? null : s.kind().name());
            w.name("name").value(s.name());
            w.name("present").value(s.present());
            w.name("in").value(s.in());
            w.name("out").value(s.out());
            w.name("filtered").value(s.filtered());
            w.name("failed").value(s.failed());
            w.name("waiting").value(s.waiting());
            w.name("processingNanos").value(s.processingNanos());
            w.endObject();
        }
        w.endArray();
        w.endObject();
    }

    private static void sinks(JsonWriter w, List<GatewaySnapshot.SinkView> sinks) {
        w.name("sinks").beginArray();
        for (GatewaySnapshot.SinkView s : sinks) {
            w.beginObject();
            w.name("name").value(s.name());
            SinkStatus st = s.status();
            if (st != null) {
                w.name("connected").value(st.connected());
                w.name("backlog").value(st.backlog());
                w.name("delivered").value(st.delivered());
                w.name("dropped").value(st.dropped());
                w.name("lastError").value(st.lastError());
                w.name("lastDelivery").millis(st.lastDelivery());
            }
            w.name("statusError").value(s.error());
            w.endObject();
        }
        w.endArray();
    }

    private static void deadLetters(JsonWriter w, List<DeadLetterView> views) {
        w.name("deadLetters").beginArray();
        for (DeadLetterView v : views) {
            w.beginObject();
            w.name("sink").value(v.sink());
            w.name("records").value(v.records());
            w.name("bytes").value(v.bytes());
            w.name("maxRecords").value(v.maxRecords());
            w.name("maxBytes").value(v.maxBytes());
            w.name("evicted").value(v.evicted());
            w.name("discarded").value(v.discarded());
            w.name("replayed").value(v.replayed());
            w.name("error").value(v.error());
            w.name("oldest").beginArray();
            for (DeadLetterView.Entry e : v.oldest()) {
                w.beginObject();
                w.name("position").value(e.position());
                w.name("refusedAt").millis(e.refusedAt());
                w.name("code").value(e.code());
                w.name("destination").value(e.destination());
                w.name("reason").value(e.reason());
                w.name("bytes").value(e.bytes());
                w.endObject();
            }
            w.endArray();
            w.endObject();
        }
        w.endArray();
    }

    private static void assets(JsonWriter w, GatewaySnapshot snapshot) throws IOException {
        w.name("assets").beginObject();
        LatestRecordStore.Assets assets = snapshot.assets();
        w.name("kept").value(assets.count());
        w.name("max").value(snapshot.settings().maxAssets());
        w.name("trendPoints").value(snapshot.settings().trendPoints());
        w.name("storeId").value(assets.storeId());
        w.name("cursor").value(assets.cursor());
        w.name("items").beginArray();
        for (AssetView a : assets.views()) { // one view at a time: each is garbage once written
            w.beginObject();
            w.name("path").value(a.path().toString());
            w.name("levels").beginObject();
            List<String> names = a.path().levels();
            for (int i = 0; i < names.size(); i++) {
                w.name(Isa95Path.LEVELS.get(i)).value(names.get(i));
            }
            w.endObject();
            w.name("type").value(a.assetType());
            w.name("timestamp").millis(a.timestamp());
            w.name("receivedAt").millis(a.receivedAt());
            w.name("updates").value(a.updates());
            w.name("fields").beginArray();
            for (AssetView.FieldView f : a.fields()) {
                field(w, f);
                w.spill(); // a field with its trend is up to ~3 KB
            }
            w.endArray();
            w.name("context").beginArray();
            for (Map.Entry<String, ContextValue> c : a.context().entrySet()) {
                w.beginObject();
                w.name("key").value(c.getKey());
                w.name("value").value(c.getValue().value());
                w.name("asOf").millis(c.getValue().asOf());
                w.name("stale").value(c.getValue().stale());
                w.endObject();
            }
            w.endArray();
            w.endObject();
        }
        w.endArray();
        w.endObject();
    }

    private static void field(JsonWriter w, AssetView.FieldView f) {
        FieldValue v = f.value();
        w.beginObject();
        w.name("name").value(f.name());
        if (v.hasValue()) {
            w.name("value").value(v.value().asString());
            w.name("valueType").value(v.value().type().name());
        } else { // BAD and never read: absent, not a number
            w.name("value").nullValue();
            w.name("valueType").nullValue();
        }
        w.name("unit").value(v.unit());
        Quality q = v.quality();
        w.name("quality").beginObject();
        w.name("status").value(q.status().name());
        w.name("reason").value(q.reason().name());
        w.name("code").value(q.code());
        w.name("detail").value(q.detail());
        w.endObject();
        w.name("timestamp").millis(v.timestamp());
        w.name("trend");
        if (f.trend() == null) {
            w.nullValue();
        } else {
            float[] values = f.trend().values();
            w.beginObject();
            w.name("full").value(f.trend().full());
            w.name("values").beginArray();
            for (float value : values) {
                w.value(value);
            }
            w.endArray();
            w.endObject();
        }
        w.endObject();
    }
}
