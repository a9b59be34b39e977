package io.plantwire.metrics.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Bounds the number of values one label takes in a scrape: the first {@code max} keys in sorted order keep their
 * own value, the rest are folded into {@link #OTHER}. Sorting keeps the choice stable from one scrape to the next.
 */
final class LabelCap {

    /** The label value of everything past the cap. */
    static final String OTHER = "_other";

    /** Items split into those labelled one by one and those folded together. */
    record Split<T>(List<T> labelled, List<T> folded) {
    }

    private LabelCap() {
    }

    static <T> Split<T> split(List<T> items, Function<T, String> key, int max) {
        List<T> sorted = new ArrayList<>(items);
        sorted.sort((a, b) -> key.apply(a).compareTo(key.apply(b)));
        if (sorted.size() <= max) {
            return new Split<>(sorted, List.of());
        }
        return new Split<>(List.copyOf(sorted.subList(0, max)), List.copyOf(sorted.subList(max, sorted.size())));
    }
}
