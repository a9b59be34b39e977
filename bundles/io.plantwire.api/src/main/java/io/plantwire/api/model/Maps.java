package io.plantwire.api.model;

/** Sizing of the model's maps. */
final class Maps {

    /** HashMap's default: below 13 entries a map of capacity 16 never grows. */
    private static final int DEFAULT_CAPACITY = 16;

    private Maps() {
    }

    /**
     * The initial capacity at which a hash map holds {@code entries} without growing at the default load factor
     * (0.75); the default capacity for small or unknown counts. Negative counts are taken as unknown.
     */
    static int capacityFor(int entries) {
        if (entries <= 12) {
            return DEFAULT_CAPACITY;
        }
        return (int) Math.min(1 << 30, (long) entries * 4 / 3 + 1);
    }
}
