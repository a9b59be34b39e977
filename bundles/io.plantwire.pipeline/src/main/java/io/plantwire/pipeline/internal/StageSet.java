package io.plantwire.pipeline.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import io.plantwire.api.model.Isa95Path;
import io.plantwire.api.stage.ContextProvider;
import io.plantwire.api.stage.Mapper;
import io.plantwire.api.stage.Normalizer;
import io.plantwire.api.stage.Sink;

/**
 * An immutable snapshot of the stages present, in the order records pass them, with the stages each device and
 * each asset needs cached. A new snapshot is built whenever a stage comes or goes; the data path only ever reads
 * the current one.
 */
final class StageSet {

    /** Beyond this many distinct devices or assets, routes are computed per record instead of cached. */
    private static final int CACHE_LIMIT = 100_000;

    /** The stages one asset's records pass, already filtered by selector. */
    static final class Route {
        final TrackedStage<Normalizer>[] normalizers;
        final TrackedStage<ContextProvider>[] contexts;
        final TrackedStage<Sink>[] sinks;

        Route(TrackedStage<Normalizer>[] normalizers, TrackedStage<ContextProvider>[] contexts,
                TrackedStage<Sink>[] sinks) {
            this.normalizers = normalizers;
            this.contexts = contexts;
            this.sinks = sinks;
        }
    }

    final List<TrackedStage<Mapper>> mappers;
    final List<TrackedStage<Normalizer>> normalizers;
    final List<TrackedStage<ContextProvider>> contexts;
    final List<TrackedStage<Sink>> sinks;
    /** Required stage names that no present stage carries. */
    final Set<String> missingRequired;

    private final ConcurrentHashMap<String, TrackedStage<Mapper>[]> mappersByDevice = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Isa95Path, Route> routes = new ConcurrentHashMap<>();

    StageSet(List<TrackedStage<Mapper>> mappers, List<TrackedStage<Normalizer>> normalizers,
            List<TrackedStage<ContextProvider>> contexts, List<TrackedStage<Sink>> sinks, Set<String> missingRequired) {
        this.mappers = sorted(mappers);
        this.normalizers = sorted(normalizers);
        this.contexts = sorted(contexts);
        this.sinks = sorted(sinks);
        // sorted: logs, status and metrics name the missing stages in the same order every time
        this.missingRequired = Collections.unmodifiableSortedSet(new TreeSet<>(missingRequired));
    }

    private static <T> List<TrackedStage<T>> sorted(List<TrackedStage<T>> in) {
        List<TrackedStage<T>> out = new ArrayList<>(in);
        out.sort(TrackedStage.ORDER);
        return List.copyOf(out);
    }

    TrackedStage<Mapper>[] mappersFor(String deviceId) {
        TrackedStage<Mapper>[] cached = mappersByDevice.get(deviceId);
        if (cached != null) {
            return cached;
        }
        TrackedStage<Mapper>[] computed = select(mappers, s -> s.devices.matches(deviceId));
        if (mappersByDevice.size() < CACHE_LIMIT) {
            mappersByDevice.putIfAbsent(deviceId, computed);
        }
        return computed;
    }

    Route routeFor(Isa95Path path) {
        Route cached = routes.get(path);
        if (cached != null) {
            return cached;
        }
        Route computed = new Route(select(normalizers, s -> s.assets.matches(path)),
                select(contexts, s -> s.assets.matches(path)), select(sinks, s -> s.assets.matches(path)));
        if (routes.size() < CACHE_LIMIT) {
            routes.putIfAbsent(path, computed);
        }
        return computed;
    }

    @SuppressWarnings("unchecked")
    private static <T> TrackedStage<T>[] select(List<TrackedStage<T>> stages,
            java.util.function.Predicate<TrackedStage<T>> filter) {
        return stages.stream().filter(filter).toArray(TrackedStage[]::new);
    }
}
