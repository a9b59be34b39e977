package io.plantwire.pipeline.itest;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.DeviceReading;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Isa95Path;
import io.plantwire.api.model.Value;
import io.plantwire.api.stage.Mapper;
import io.plantwire.api.stage.Sink;

/** Small stages the tests register as services: a mapper of "seq" points onto a tank and a collecting sink. */
final class TankFlow {

    static final Isa95Path TANK_1 = Isa95Path.parse("acme/rotterdam/tankfarm/line-1/cell-a/tank-1");

    static DeviceReading reading(String device, long seq) {
        return DeviceReading.builder(device, Instant.ofEpochMilli(1_700_000_000_000L + seq))
                .point("seq", Value.of(seq))
                .point("level", Value.of(seq * 0.5))
                .build();
    }

    /** Maps every reading onto tank-1 with fields seq and level. */
    static final class TankMapper implements Mapper {
        @Override
        public void map(DeviceReading reading, Consumer<AssetRecord> out) {
            AssetRecord.Builder b = AssetRecord.builder(TANK_1, "ChemicalTank", reading.readTime());
            reading.points().forEach((name, sample) -> b.field(name, FieldValue.from(sample, "")));
            out.accept(b.build());
        }
    }

    /** Keeps every record it is given. */
    static final class CollectingSink implements Sink {
        final List<AssetRecord> records = new CopyOnWriteArrayList<>();

        @Override
        public void accept(AssetRecord record) {
            records.add(record);
        }

        long[] seqs() {
            return records.stream().mapToLong(r -> r.field("seq").value().asLong()).toArray();
        }
    }

    private TankFlow() {
    }
}
