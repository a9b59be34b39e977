package io.plantwire.console.internal;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Isa95Path;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Value;

import java.time.Instant;

/** Tank records as the chemical-plant scenario produces them. */
final class Records {

    static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    private Records() {
    }

    static Isa95Path tank(int n) {
        return new Isa95Path("acme", "rotterdam", "tankfarm", "line-1", "cell-a", "tank-" + n);
    }

    static FieldValue good(double value, String unit, Instant at) {
        return new FieldValue(Value.of(value), unit, Quality.GOOD, at);
    }

    /** A tank record with power and temperature measured at the given second after T0. */
    static AssetRecord tankRecord(int n, int second, double powerKw, double temperature) {
        Instant at = T0.plusSeconds(second);
        return AssetRecord.builder(tank(n), "ChemicalTank", at)
                .field("power", good(powerKw, "kW", at))
                .field("temperature", good(temperature, "Cel", at))
                .build();
    }
}
