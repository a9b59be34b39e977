package io.plantwire.api.model;

/** Sizing of the model's maps. */
final class Maps {

    /** HashMap's default: below 13 entries a map of capacity 16 never grows. */
    private static final int DEFAULT_CAPACITY = 16;
    /**
     * Hints above this are taken as this: a count from a device or a configuration must not make a table of a
     * billion slots on the first put (4 GiB). A larger reading still works; its map grows.
     */
    static final int MAX_HINTED_ENTRIES = 1 << 16;

    private Maps() {
    }

    /**
     * The initial capacity at which a hash map holds {@code entries} without growing at the default load factor
     * (0.75); the default capacity for small or unknown counts. Negative counts are taken as unknown, counts above
     * {@link #MAX_HINTED_ENTRIES} as that.
     */
    static int capacityFor(int entries) {
        if (entries <= 12) {
            return DEFAULT_CAPACITY;
        }
        return Math.min(entries, MAX_HINTED_ENTRIES) * 4 / 3 + 1;
    }
}
