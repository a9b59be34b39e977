package io.plantwire.console.internal;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.CollectionType;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Gogo commands for the sinks' dead letters: {@code plantwire:deadletters [sink [n]]} lists them,
 * {@code plantwire:replay <sink> [n|all]} puts them back into the sink's queue. Gogo finds them through the
 * osgi.command properties. The services are held as plain objects (see {@link DeadLetterDesk} for why).
 */
@Component(service = DeadLetterCommands.class, property = {
        "osgi.command.scope=plantwire",
        "osgi.command.function=deadletters",
        "osgi.command.function=replay" })
public final class DeadLetterCommands {

    /** Entries listed by {@code plantwire:deadletters <sink>} without a count. */
    static final int DEFAULT_LIST = 20;

    @Reference(service = io.plantwire.store.deadletter.DeadLetters.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            collectionType = CollectionType.TUPLE)
    volatile List<Map.Entry<Map<String, Object>, Object>> deadLetters = List.of();

    /** plantwire:deadletters - every sink's dead letters: how many, bounds, losses. */
    public String deadletters() {
        List<Map.Entry<Map<String, Object>, Object>> all = deadLetters;
        if (all.isEmpty()) {
            return "no sink with dead letters is running"; // without touching DeadLetterDesk: no store package needed
        }
        List<DeadLetterView> views = DeadLetterDesk.views(all, 0);
        StringBuilder out = new StringBuilder(String.format("%-24s %9s %14s %9s %9s %9s%n", "SINK", "KEPT", "BYTES",
                "EVICTED", "DISCARDED", "REPLAYED"));
        for (DeadLetterView v : views) {
            if (!v.error().isEmpty()) {
                out.append(String.format("%-24s failed: %s%n", v.sink(), v.error()));
                continue;
            }
            out.append(String.format("%-24s %9s %14s %9d %9d %9d%n", v.sink(), v.records() + "/" + v.maxRecords(),
                    v.bytes() + "/" + v.maxBytes(), v.evicted(), v.discarded(), v.replayed()));
        }
        return out.append("(plantwire:deadletters <sink> lists a sink's oldest dead letters)").toString();
    }

    /** plantwire:deadletters &lt;sink&gt; - the sink's oldest 20 dead letters with code, topic, reason and time. */
    public String deadletters(String sink) {
        return deadletters(sink, DEFAULT_LIST);
    }

    /** plantwire:deadletters &lt;sink&gt; &lt;n&gt; - the sink's oldest n dead letters. */
    public String deadletters(String sink, int n) {
        if (n < 1) {
            return "the count must be at least 1, got " + n;
        }
        DeadLetterView v = find(sink, n);
        if (v == null) {
            return unknown(sink);
        }
        if (!v.error().isEmpty()) {
            return "sink '" + v.sink() + "': " + v.error();
        }
        StringBuilder out = new StringBuilder(String.format("sink '%s': %d dead letters kept (at most %d records, "
                + "%d bytes), %d evicted, %d discarded, %d replayed since start%n", v.sink(), v.records(),
                v.maxRecords(), v.maxBytes(), v.evicted(), v.discarded(), v.replayed()));
        for (DeadLetterView.Entry e : v.oldest()) {
            out.append(String.format("%8d  %s  %-24s %s (%d bytes)%n          %s%n", e.position(),
                    DateTimeFormatter.ISO_INSTANT.format(e.refusedAt()), e.code(), e.destination(), e.bytes(),
                    e.reason()));
        }
        if (v.records() > v.oldest().size()) {
            out.append("... ").append(v.records() - v.oldest().size()).append(" more").append(System.lineSeparator());
        }
        return out.append("(plantwire:replay ").append(v.sink()).append(" [n|all] sends them again)").toString();
    }

    /** plantwire:replay &lt;sink&gt; - puts all of the sink's dead letters back into its queue. */
    public String replay(String sink) {
        return replay(sink, "all");
    }

    /** plantwire:replay &lt;sink&gt; &lt;n|all&gt; - puts the sink's oldest n (or all) dead letters back into its queue. */
    public String replay(String sink, String count) {
        int max;
        if ("all".equalsIgnoreCase(count.trim())) {
            max = Integer.MAX_VALUE;
        } else {
            try {
                max = Integer.parseInt(count.trim());
            } catch (NumberFormatException e) {
                return "the count must be a number or 'all', got '" + io.plantwire.api.text.SafeText.printable(count,
                        40) + "'";
            }
            if (max < 1) {
                return "the count must be at least 1, got " + max;
            }
        }
        List<Map.Entry<Map<String, Object>, Object>> one = named(sink);
        String outcome = one.isEmpty() ? null : DeadLetterDesk.replay(one, sink, max);
        return outcome == null ? unknown(sink) : outcome;
    }

    private DeadLetterView find(String sink, int n) {
        List<Map.Entry<Map<String, Object>, Object>> one = named(sink);
        if (one.isEmpty()) {
            return null;
        }
        List<DeadLetterView> views = DeadLetterDesk.views(one, n);
        return views.isEmpty() ? null : views.get(0);
    }

    private List<Map.Entry<Map<String, Object>, Object>> named(String sink) {
        return deadLetters.stream().filter(e -> GatewaySnapshot.stageName(e.getKey()).equals(sink)).toList();
    }

    private String unknown(String sink) {
        List<String> names = deadLetters.stream().map(e -> GatewaySnapshot.stageName(e.getKey())).sorted().toList();
        return "no sink '" + io.plantwire.api.text.SafeText.printable(sink, 80) + "' with dead letters; known: "
                + (names.isEmpty() ? "none" : String.join(", ", names));
    }
}
