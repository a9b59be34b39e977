package io.plantwire.sink.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.ContextValue;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Isa95Path;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Value;

/** Tank records with a per-tank sequence number, and the checks on what a subscriber received. */
final class Records {

    private static final Pattern SEQ = Pattern.compile("\"seq\":\\{\"value\":(\\d+)");

    private Records() {
    }

    static Isa95Path tank(int n) {
        return new Isa95Path("acme", "rotterdam", "tankfarm", "line-1", "cell-a", "tank-" + n);
    }

    static AssetRecord tankRecord(int tank, long seq) {
        Instant now = Instant.now();
        return AssetRecord.builder(tank(tank), "ChemicalTank", now)
                .field("seq", new FieldValue(Value.of(seq), "", Quality.GOOD, now))
                .field("power", new FieldValue(Value.of(12.5 + tank), "kW", Quality.GOOD, now))
                .field("temperature", new FieldValue(Value.of(21.25), "Cel", Quality.GOOD, now))
                .context("batch", ContextValue.of("B-4711", now))
                .build();
    }

    static long seqOf(String payload) {
        Matcher m = SEQ.matcher(payload);
        if (!m.find()) {
            throw new AssertionError("no seq field in " + payload);
        }
        return Long.parseLong(m.group(1));
    }

    /**
     * Per topic, the sequence numbers in the order of their first arrival (duplicates of at-least-once delivery
     * removed); asserts each duplicate really was seen before.
     */
    static Map<String, List<Long>> firstArrivals(List<TestSubscriber.Received> received) {
        Map<String, List<Long>> out = new HashMap<>();
        Map<String, java.util.Set<Long>> seen = new HashMap<>();
        for (TestSubscriber.Received r : received) {
            long seq = seqOf(r.payload());
            if (seen.computeIfAbsent(r.topic(), t -> new java.util.HashSet<>()).add(seq)) {
                out.computeIfAbsent(r.topic(), t -> new java.util.ArrayList<>()).add(seq);
            }
        }
        return out;
    }

    /** Every topic got exactly 0..count-1 in order (after removing duplicates). */
    static void assertCompleteAndInOrder(Map<String, List<Long>> arrivals, List<String> topics, long count) {
        assertThat(arrivals.keySet()).containsExactlyInAnyOrderElementsOf(topics);
        for (String t : topics) {
            List<Long> seqs = arrivals.get(t);
            assertThat(seqs).as(t + ": count").hasSize((int) count);
            for (int i = 0; i < seqs.size(); i++) {
                if (seqs.get(i) != i) {
                    throw new AssertionError(t + ": position " + i + " holds seq " + seqs.get(i)
                            + " (lost or out of order); around it: "
                            + seqs.subList(Math.max(0, i - 3), Math.min(seqs.size(), i + 3)));
                }
            }
        }
    }
}
