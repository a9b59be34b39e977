package io.plantwire.metrics.internal;

import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;

/**
 * One /metrics scrape as the endpoint does it: ask every status source, build the families, write the Prometheus
 * text (optionally gzipped) into a byte array. JVM metrics included. Sizes: the reference scenario (4 devices,
 * 3 assets) and a synthetic 1,000 devices x 1,000 assets. Run with {@code -prof gc} for bytes allocated per scrape.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx256m", "-XX:+UseSerialGC"})
public class ScrapeBenchmark {

    /** devices x assets. */
    @Param({"4x3", "1000x1000"})
    public String size;

    @Param({"false", "true"})
    public boolean gzip;

    private GatewayMetrics metrics;
    private GatewayMetrics.Sources sources;
    private ExpositionFormatWriter writer;

    @Setup
    public void setUp() {
        String[] parts = size.split("x");
        sources = SyntheticGateway.sources(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        // The cap above the synthetic gateway's label values: every series is written, none folded.
        metrics = new GatewayMetrics(5000, true, Clock.systemUTC());
        writer = ExpositionFormats.init().getPrometheusTextFormatWriter();
    }

    @Benchmark
    public byte[] scrape() throws IOException {
        return MetricsEndpoint.render(writer, metrics.scrape(sources), gzip);
    }
}
