package io.plantwire.sink.kafka.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.ContextValue;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Isa95Path;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Value;

/** Chemical-tank records and helpers to read them back from Kafka. */
final class Records {

    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private Records() {
    }

    static Isa95Path tank(int n) {
        return new Isa95Path("acme", "rotterdam", "tankfarm", "line-1", "cell-a", "tank-" + n);
    }

    /** Record {@code seq} of tank {@code n}: its power field carries the sequence number. */
    static AssetRecord tankRecord(int n, long seq) {
        Instant t = T0.plusMillis(seq);
        return AssetRecord.builder(tank(n), "ChemicalTank", t)
                .field("power", new FieldValue(Value.of(seq), "kW", Quality.GOOD, t))
                .field("temperature", new FieldValue(Value.of(21.5), "Cel", Quality.GOOD, t))
                .context("batch", ContextValue.of("B-0815", t))
                .build();
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static long position(ConsumerRecord<byte[], byte[]> r) {
        return Long.parseLong(header(r, KafkaForwarder.POSITION_HEADER));
    }

    /** The power value (sequence number) in a record's JSON value. */
    static long seq(ConsumerRecord<byte[], byte[]> r) {
        String json = new String(r.value(), StandardCharsets.UTF_8);
        int i = json.indexOf("\"power\":{\"value\":") + "\"power\":{\"value\":".length();
        int j = json.indexOf(',', i);
        return Long.parseLong(json.substring(i, j));
    }

    /**
     * What a consumer that drops repeats sees per key: a record counts only if its store position is higher
     * than every position seen before for that key.
     */
    static Map<String, List<Long>> dedupedSequencesByKey(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, List<Long>> out = new HashMap<>();
        Map<String, Long> last = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            long pos = position(r);
            if (pos > last.getOrDefault(key, -1L)) {
                last.put(key, pos);
                out.computeIfAbsent(key, k -> new ArrayList<>()).add(seq(r));
            }
        }
        return out;
    }
}
