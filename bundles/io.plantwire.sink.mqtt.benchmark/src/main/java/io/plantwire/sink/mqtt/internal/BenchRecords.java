package io.plantwire.sink.mqtt.internal;

import java.time.Instant;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.ContextValue;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Isa95Path;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Value;

/** A chemical tank record as the reference scenario produces it (about 700 bytes of JSON). */
final class BenchRecords {

    private BenchRecords() {
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
                .context("product", ContextValue.of("sulfuric-acid-96", now))
                .build();
    }
}
