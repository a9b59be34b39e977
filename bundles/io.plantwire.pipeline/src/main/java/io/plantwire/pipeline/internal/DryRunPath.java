package io.plantwire.pipeline.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.DeviceReading;
import io.plantwire.api.model.Isa95Path;
import io.plantwire.api.pipeline.DryRun.Result;
import io.plantwire.api.pipeline.DryRun.SinkPublication;
import io.plantwire.api.stage.ContextProvider;
import io.plantwire.api.stage.Mapper;
import io.plantwire.api.stage.Normalizer;
import io.plantwire.api.stage.Preview;
import io.plantwire.api.stage.PublishPreview;
import io.plantwire.api.stage.Sink;

/**
 * The pipeline's data path without side effects, for {@link io.plantwire.api.pipeline.DryRun}: no counter moves,
 * sinks are asked for a preview instead of taking the record, stateful stages see {@link Preview#active()}.
 */
final class DryRunPath {

    private DryRunPath() {
    }

    /**
     * Runs the reading through the stages of {@code s}; the caller holds the pipeline's gate (read side), so no
     * stage goes meanwhile.
     *
     * @param assetLock the lock of an asset's records on the real path: a preview waits for a record in progress
     */
    static List<Result> run(DeviceReading reading, StageSet s, Function<Isa95Path, Object> assetLock) {
        List<Result> results = new ArrayList<>();
        Preview.run(() -> {
            for (TrackedStage<Mapper> m : s.mappersFor(reading.deviceId())) {
                try {
                    m.service.map(reading, record -> results.add(preview(record, s, assetLock)));
                } catch (RuntimeException e) {
                    results.add(new Result(null, List.of(),
                            List.of(label(m) + " failed: " + describe(e))));
                }
            }
            return null;
        });
        if (!s.missingRequired.isEmpty()) {
            String note = "required stages " + s.missingRequired + " are absent: real readings are held now";
            List<Result> withNote = new ArrayList<>();
            for (Result r : results) {
                List<String> notes = new ArrayList<>(r.notes());
                notes.add(note);
                withNote.add(new Result(r.record(), r.publications(), notes));
            }
            return withNote;
        }
        return results;
    }

    private static Result preview(AssetRecord record, StageSet s, Function<Isa95Path, Object> assetLock) {
        Isa95Path path = record.path();
        StageSet.Route route = s.routeFor(path);
        List<String> notes = new ArrayList<>();
        List<SinkPublication> publications = new ArrayList<>();
        synchronized (assetLock.apply(path)) {
            AssetRecord r = record;
            for (TrackedStage<Normalizer> n : route.normalizers) {
                AssetRecord next;
                try {
                    next = n.service.normalize(r);
                } catch (RuntimeException e) {
                    notes.add(label(n) + " failed, the record stops here: " + describe(e));
                    return new Result(r, publications, notes);
                }
                if (next == null || next.fields().isEmpty()) {
                    notes.add("filtered by " + label(n) + " (deadband, rule or no fields left)");
                    return new Result(r, publications, notes);
                }
                r = next;
            }
            for (TrackedStage<ContextProvider> c : route.contexts) {
                try {
                    AssetRecord next = c.service.enrich(r);
                    if (next != null) {
                        r = next;
                    }
                } catch (RuntimeException e) {
                    notes.add(label(c) + " failed, the record goes out without its context: "
                            + describe(e));
                }
            }
            if (route.sinks.length == 0) {
                notes.add("no sink selects " + path);
            }
            for (TrackedStage<Sink> k : route.sinks) {
                if (!(k.service instanceof PublishPreview p)) {
                    notes.add(label(k) + " would take the record but cannot show what it sends");
                    continue;
                }
                try {
                    for (PublishPreview.Publication pub : p.preview(r)) {
                        publications.add(new SinkPublication(k.name, pub.destination(), pub.payload()));
                    }
                } catch (RuntimeException e) {
                    notes.add(label(k) + " would not send it: " + describe(e));
                }
            }
            return new Result(r, publications, notes);
        }
    }

    private static String label(TrackedStage<?> stage) {
        return stage.kind.name().toLowerCase(Locale.ROOT) + " '" + stage.name + "'";
    }

    private static String describe(RuntimeException e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
