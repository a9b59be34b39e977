package io.plantwire.sink.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Value;

class AssetRecordJsonTest {

    @Test
    void timestampsAreWrittenExactlyAsInstantToString() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 100_000; i++) {
            long seconds = random.nextLong(-62167219200L, 253402300800L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(seconds, nanos);
            StringBuilder b = new StringBuilder();
            AssetRecordJson.instant(b, t);
            assertThat(b.toString()).isEqualTo('"' + t.toString() + '"');
        }
        for (Instant t : new Instant[] { Instant.EPOCH, Instant.MIN, Instant.MAX, Instant.ofEpochSecond(-1, 1),
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999999Z") }) {
            StringBuilder b = new StringBuilder();
            AssetRecordJson.instant(b, t);
            assertThat(b.toString()).isEqualTo('"' + t.toString() + '"');
        }
    }

    @Test
    void badQualityNonFiniteNumbersAndEscapesAreValidJson() {
        Instant t = Instant.parse("2026-11-25T10:00:00.123Z");
        AssetRecord r = AssetRecord.builder(Records.tank(1), "ChemicalTank", t)
                .field("level", new FieldValue(Value.of(Double.NaN), "%",
                        new Quality(Quality.Status.BAD, Quality.Reason.DEVICE_EXCEPTION, 2, "illegal \"address\""), t))
                .field("label", new FieldValue(Value.of("line\nbreak\u0001"), "", Quality.GOOD, t))
                .field("open", new FieldValue(Value.TRUE, "", Quality.GOOD, t))
                .build();
        assertThat(new String(AssetRecordJson.encode(r), StandardCharsets.UTF_8)).isEqualTo(
                "{\"schema\":\"plantwire.uns.asset/1\",\"path\":\"acme/rotterdam/tankfarm/line-1/cell-a/tank-1\","
                        + "\"isa95\":{\"enterprise\":\"acme\",\"site\":\"rotterdam\",\"area\":\"tankfarm\","
                        + "\"line\":\"line-1\",\"cell\":\"cell-a\",\"asset\":\"tank-1\"},"
                        + "\"assetType\":\"ChemicalTank\",\"timestamp\":\"2026-11-25T10:00:00.123Z\",\"fields\":{"
                        + "\"level\":{\"value\":\"NaN\",\"type\":\"FLOATING\",\"unit\":\"%\",\"quality\":\"BAD\","
                        + "\"reason\":\"DEVICE_EXCEPTION\",\"code\":2,\"detail\":\"illegal \\\"address\\\"\","
                        + "\"timestamp\":\"2026-11-25T10:00:00.123Z\"},"
                        + "\"label\":{\"value\":\"line\\nbreak\\u0001\",\"type\":\"STRING\",\"quality\":\"GOOD\","
                        + "\"timestamp\":\"2026-11-25T10:00:00.123Z\"},"
                        + "\"open\":{\"value\":true,\"type\":\"BOOLEAN\",\"quality\":\"GOOD\","
                        + "\"timestamp\":\"2026-11-25T10:00:00.123Z\"}},\"context\":{}}");
    }

    @Test
    void nonAsciiTextIsUtf8() {
        Instant t = Instant.parse("2026-11-25T10:00:00Z");
        AssetRecord r = AssetRecord.builder(Records.tank(1), "ChemicalTank", t)
                .field("temperature", new FieldValue(Value.of(21.5), "°C", Quality.GOOD, t))
                .context("operator", io.plantwire.api.model.ContextValue.of("Jörg € \uD83D\uDE80", t))
                .build();
        String json = new String(AssetRecordJson.encode(r), StandardCharsets.UTF_8);
        assertThat(json).contains("\"unit\":\"°C\"").contains("\"value\":\"Jörg € \uD83D\uDE80\"");
    }
}
