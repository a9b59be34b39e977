package io.plantwire.console.internal;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Isa95Path;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Value;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * Prints the size of data.json for a number of assets, numeric fields per asset and trend points: the full
 * document (first load) and a poll with the last cursor after one new sample per field. A probe for sizing the
 * defaults, not a test:
 * <pre>
 * mvn -o -q -f bundles/io.plantwire.console/pom.xml test-compile exec:java \
 *   -Dexec.mainClass=io.plantwire.console.internal.PayloadSizeProbe -Dexec.classpathScope=test \
 *   -Dexec.args="100 32 300"
 * </pre>
 * Render times are best of 20 in one JVM on a shared machine: indicative only.
 */
public final class PayloadSizeProbe {

    private PayloadSizeProbe() {
    }

    public static void main(String[] args) {
        int assets = Integer.parseInt(args[0]);
        int fields = Integer.parseInt(args[1]);
        int points = Integer.parseInt(args[2]);
        LatestRecordSink sink = new LatestRecordSink(new ConsoleSettings(assets, points, Math.min(fields, 1000), 2000, 0),
                Clock.systemUTC());
        Random random = new Random(1);
        Instant t0 = Instant.parse("2026-11-25T12:00:00Z");
        for (int s = 0; s <= points; s++) {
            feed(sink, assets, fields, t0.plusSeconds(s), random);
        }
        long full = Long.MAX_VALUE;
        int fullSize = 0;
        for (int i = 0; i < 20; i++) {
            long t = System.nanoTime();
            fullSize = ConsoleJson.render(GatewaySnapshot.take(Instant.now(), List.of(), null, List.of(), sink))
                    .length();
            full = Math.min(full, System.nanoTime() - t);
        }
        LatestRecordStore.Assets seen = sink.assets("", 0);
        feed(sink, assets, fields, t0.plusSeconds(points + 1), random);
        long poll = Long.MAX_VALUE;
        int pollSize = 0;
        for (int i = 0; i < 20; i++) {
            long t = System.nanoTime();
            pollSize = ConsoleJson.render(GatewaySnapshot.take(Instant.now(), seen.storeId(), seen.cursor(),
                    List.of(), null, List.of(), sink)).length();
            poll = Math.min(poll, System.nanoTime() - t);
        }
        System.out.printf("assets=%d fields=%d points=%d: full %d bytes (%.1f ms), poll with cursor %d bytes (%.1f ms)%n",
                assets, fields, points, fullSize, full / 1e6, pollSize, poll / 1e6);
    }

    private static void feed(LatestRecordSink sink, int assets, int fields, Instant at, Random random) {
        for (int n = 0; n < assets; n++) {
            AssetRecord.Builder b = AssetRecord.builder(
                    new Isa95Path("acme", "rotterdam", "tankfarm", "line-1", "cell-a", "tank-" + n), "ChemicalTank", at);
            for (int f = 0; f < fields; f++) {
                b.field("field" + f, new FieldValue(Value.of(1000 + random.nextDouble() * 100), "kW", Quality.GOOD, at));
            }
            sink.accept(b.build());
        }
    }
}
