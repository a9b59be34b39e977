package io.plantwire.pipeline.internal;

import java.util.Comparator;
import java.util.Map;

import io.plantwire.api.model.AssetSelector;
import io.plantwire.api.pipeline.StageKind;
import io.plantwire.api.stage.StageProperties;

/** One stage service as the pipeline sees it: the service object, its selector, ranking and counters. */
final class TrackedStage<T> {

    /** Highest service.ranking first, then lowest service.id (the OSGi service order). */
    static final Comparator<TrackedStage<?>> ORDER = Comparator.<TrackedStage<?>>comparingInt(s -> -s.ranking)
            .thenComparingLong(s -> s.serviceId);

    final T service;
    final StageKind kind;
    final String name;
    final AssetSelector assets;
    final DeviceSelector devices;
    final int ranking;
    final long serviceId;
    final StageMeter meter;

    TrackedStage(T service, StageKind kind, String name, AssetSelector assets, DeviceSelector devices, int ranking,
            long serviceId, StageMeter meter) {
        this.service = service;
        this.kind = kind;
        this.name = name;
        this.assets = assets;
        this.devices = devices;
        this.ranking = ranking;
        this.serviceId = serviceId;
        this.meter = meter;
    }

    static String nameOf(Map<String, ?> props) {
        return StageProperties.nameOf(props);
    }

    static int rankingOf(Map<String, ?> props) {
        Object r = props.get("service.ranking");
        return r instanceof Integer ? (Integer) r : 0;
    }

    static long serviceIdOf(Map<String, ?> props) {
        Object id = props.get("service.id");
        return id instanceof Long ? (Long) id : 0L;
    }

    static String[] strings(Object value) {
        if (value == null) {
            return new String[0];
        }
        if (value instanceof String[]) {
            return (String[]) value;
        }
        if (value instanceof Iterable) {
            java.util.List<String> out = new java.util.ArrayList<>();
            for (Object o : (Iterable<?>) value) {
                out.add(String.valueOf(o));
            }
            return out.toArray(new String[0]);
        }
        return new String[] {String.valueOf(value)};
    }

    @Override
    public String toString() {
        return kind + " " + name + " (service.id " + serviceId + ", ranking " + ranking + ", assets " + assets + ")";
    }
}
