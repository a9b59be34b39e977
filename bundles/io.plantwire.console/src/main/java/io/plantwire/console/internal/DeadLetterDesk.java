package io.plantwire.console.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.plantwire.api.text.SafeText;
import io.plantwire.store.deadletter.DeadLetter;
import io.plantwire.store.deadletter.DeadLetterStats;
import io.plantwire.store.deadletter.DeadLetters;

/**
 * The console's side of the sinks' {@link DeadLetters} services. The only class of this bundle that uses
 * {@code io.plantwire.store.deadletter}, which the bundle imports dynamically (the store arrives with the sink
 * features, possibly after the console started); it is loaded only when such a service is bound.
 * Foreign text (reasons, topics) leaves here escaped with {@link SafeText#printable}.
 */
final class DeadLetterDesk {

    /** Longest reason or topic shown, in characters. */
    static final int MAX_TEXT = 300;

    private DeadLetterDesk() {
    }

    /** Views of every bound sink's dead letters, sorted by sink, each with its {@code oldest} first entries. */
    static List<DeadLetterView> views(List<Map.Entry<Map<String, Object>, Object>> services, int oldest) {
        List<DeadLetterView> out = new ArrayList<>();
        for (Map.Entry<Map<String, Object>, Object> e : services) {
            String sink = GatewaySnapshot.stageName(e.getKey());
            try {
                out.add(view(sink, (DeadLetters) e.getValue(), oldest));
            } catch (IOException | RuntimeException ex) {
                out.add(DeadLetterView.failed(sink, SafeText.printable(String.valueOf(ex), MAX_TEXT)));
            }
        }
        out.sort(Comparator.comparing(DeadLetterView::sink));
        return out;
    }

    /**
     * Replays dead letters of one sink.
     *
     * @return what happened, for people; null when no sink of that name has dead letters
     */
    static String replay(List<Map.Entry<Map<String, Object>, Object>> services, String sink, int max) {
        for (Map.Entry<Map<String, Object>, Object> e : services) {
            if (!GatewaySnapshot.stageName(e.getKey()).equals(sink)) {
                continue;
            }
            DeadLetters letters = (DeadLetters) e.getValue();
            long before = letters.stats().records();
            try {
                int n = before == 0 ? 0 : letters.replay(max);
                return "replayed " + n + " of " + before + " dead letters of sink '" + sink
                        + "' into its queue; " + letters.stats().records() + " left";
            } catch (IOException | RuntimeException ex) {
                return "replay of sink '" + sink + "' stopped: " + SafeText.printable(String.valueOf(ex), MAX_TEXT)
                        + "; " + letters.stats().records() + " dead letters left";
            }
        }
        return null;
    }

    private static DeadLetterView view(String sink, DeadLetters letters, int oldest) throws IOException {
        DeadLetterStats s = letters.stats();
        List<DeadLetterView.Entry> entries = new ArrayList<>();
        if (oldest > 0 && s.records() > 0) {
            for (DeadLetter d : letters.peek(oldest)) {
                entries.add(new DeadLetterView.Entry(d.position(), d.refusedAt(), SafeText.printable(d.code(), 80),
                        SafeText.printable(d.destination(), MAX_TEXT), SafeText.printable(d.reason(), MAX_TEXT),
                        d.payload().length));
            }
        }
        return new DeadLetterView(sink, s.records(), s.bytes(), s.maxRecords(), s.maxBytes(), s.added(),
                s.evicted(), s.discarded(), s.replayed(), List.copyOf(entries), "");
    }
}
