package io.plantwire.transform.benchmark;

import java.util.concurrent.TimeUnit;

import javax.measure.Unit;
import javax.measure.UnitConverter;

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

import io.plantwire.normalizer.internal.UnitCatalog;

/**
 * Why the normalizer reduces a unit conversion to {@code a·x + b} once instead of calling Indriya's converter per
 * value (docs/decisions/transform-units.md): nanoseconds per converted value, both ways.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class UnitConversionBenchmark {

    @Param({ "W>kW", "degF>Cel", "kWh>MJ" })
    public String pair;

    UnitConverter indriya;
    UnitCatalog.Conversion affine;
    double x = 1234.5;

    @Setup
    public void setUp() {
        String[] p = pair.split(">");
        Unit<?> from = UnitCatalog.unit(p[0]);
        Unit<?> to = UnitCatalog.unit(p[1]);
        try {
            indriya = from.getConverterToAny(to);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        affine = UnitCatalog.conversion(p[0], p[1]);
    }

    @Benchmark
    public double indriyaConverterPerValue() {
        x += 0.25;
        return indriya.convert(x);
    }

    @Benchmark
    public double affineReducedOnce() {
        x += 0.25;
        return affine.apply(x);
    }
}
