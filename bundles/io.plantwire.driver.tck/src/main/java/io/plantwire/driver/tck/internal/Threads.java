package io.plantwire.driver.tck.internal;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Thread names for failure messages. */
public final class Threads {

    private Threads() {
    }

    /** Names with how often each occurs, e.g. {@code [poll-1 ×20, watchdog]}: a leak of 60 threads stays readable. */
    public static String summary(List<String> names) {
        Map<String, Integer> counts = new TreeMap<>();
        names.forEach(n -> counts.merge(n, 1, Integer::sum));
        StringBuilder b = new StringBuilder("[");
        counts.forEach((n, c) -> b.append(b.length() > 1 ? ", " : "").append(n).append(c > 1 ? " ×" + c : ""));
        return b.append(']').toString();
    }
}
