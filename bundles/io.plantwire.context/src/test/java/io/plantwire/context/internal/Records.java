package io.plantwire.context.internal;

import java.time.Instant;
import java.util.Map;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Isa95Path;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Value;

final class Records {

    static final Isa95Path TANK_1 = Isa95Path.parse("acme/rotterdam/tankfarm/line-1/cell-a/tank-1");
    static final Isa95Path TANK_2 = Isa95Path.parse("acme/rotterdam/tankfarm/line-1/cell-b/tank-2");

    private Records() {
    }

    static AssetRecord tank(Isa95Path path) {
        return AssetRecord.of(path, "ChemicalTank", Instant.now(),
                Map.of("power", new FieldValue(Value.of(1.5), "kW", Quality.GOOD, Instant.now())));
    }
}
