package io.plantwire.driver.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Points of one device read together at one interval, e.g. the fast process values and the slow nameplate data.
 * Each group gets its own schedule; one poll of a group becomes one {@link io.plantwire.api.model.DeviceReading}.
 * Immutable.
 *
 * @param <G> what the driver attaches to the group (e.g. the coalesced requests that read it), or {@code Void}
 */
public final class PollGroup<G> {

    private final String name;
    private final long intervalMs;
    private final List<String> points;
    private final Map<String, Integer> index;
    private final String[] units;
    private final G detail;

    private PollGroup(Builder<G> b) {
        this.name = b.name;
        this.intervalMs = b.intervalMs;
        this.points = Collections.unmodifiableList(new ArrayList<>(b.points));
        this.units = b.units.toArray(new String[0]);
        this.detail = b.detail;
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < points.size(); i++) {
            m.put(points.get(i), i);
        }
        this.index = m;
    }

    /**
     * A builder for a group polled every {@code intervalMs} milliseconds.
     *
     * @param name for people and logs, e.g. {@code fast} or {@code 1000ms}
     * @throws IllegalArgumentException if the name is blank or the interval below 1 ms
     */
    public static <G> Builder<G> builder(String name, long intervalMs) {
        return new Builder<>(name, intervalMs);
    }

    public String name() {
        return name;
    }

    /** Time between the starts of two polls, in milliseconds. */
    public long intervalMs() {
        return intervalMs;
    }

    /** The point names, in the order readings list them. Unmodifiable. */
    public List<String> points() {
        return points;
    }

    /** The position of a point in {@link #points()}, or -1 if the group has no such point. */
    public int indexOf(String point) {
        Integer i = index.get(point);
        return i == null ? -1 : i;
    }

    /** The unit of the point at a position ({@code ""} if none). */
    public String unit(int position) {
        return units[position];
    }

    /** What the driver attached, or null. */
    public G detail() {
        return detail;
    }

    @Override
    public String toString() {
        return "PollGroup[" + name + " every " + intervalMs + " ms, " + points.size() + " points]";
    }

    /** Collects a group's points. Not thread-safe; build once. */
    public static final class Builder<G> {
        private final String name;
        private final long intervalMs;
        private final List<String> points = new ArrayList<>();
        private final List<String> units = new ArrayList<>();
        private final java.util.Set<String> seen = new java.util.HashSet<>();
        private G detail;

        private Builder(String name, long intervalMs) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("poll group name must not be blank, got '" + name + "'");
            }
            if (intervalMs < 1) {
                throw new IllegalArgumentException("poll group '" + name + "': intervalMs must be at least 1, got " + intervalMs);
            }
            this.name = name;
            this.intervalMs = intervalMs;
        }

        /** A point without a unit. */
        public Builder<G> point(String point) {
            return point(point, "");
        }

        /**
         * A point with its engineering unit (put on the samples {@link PollResult#good} and {@link PollResult#bad}
         * make, and on BAD samples while the device is down).
         *
         * @throws IllegalArgumentException if the name is blank or already in the group
         */
        public Builder<G> point(String point, String unit) {
            if (point == null || point.isBlank()) {
                throw new IllegalArgumentException("poll group '" + name + "': point name must not be blank");
            }
            if (!seen.add(point)) {
                throw new IllegalArgumentException("poll group '" + name + "': point '" + point + "' is listed twice");
            }
            points.add(point);
            units.add(unit == null ? "" : unit);
            return this;
        }

        /** What the driver wants back in {@link DeviceProtocol#read}, e.g. the requests that read this group. */
        public Builder<G> detail(G detail) {
            this.detail = detail;
            return this;
        }

        /** @throws IllegalArgumentException if the group has no point */
        public PollGroup<G> build() {
            if (points.isEmpty()) {
                throw new IllegalArgumentException("poll group '" + name + "' has no point");
            }
            return new PollGroup<>(this);
        }
    }
}
