package io.plantwire.transform.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Both benchmark methods must convert, and to the same values, or the comparison measures nothing (or two
 * different things).
 */
class UnitConversionBenchmarkTest {

    @ParameterizedTest
    @CsvSource({ "W>kW, 1.23475", "degF>Cel, 668.19444444", "kWh>MJ, 4445.1" })
    void bothWaysConvertTheSameValues(String pair, double firstResult) {
        UnitConversionBenchmark indriya = benchmark(pair);
        UnitConversionBenchmark affine = benchmark(pair);

        assertThat(indriya.indriyaConverterPerValue()).isCloseTo(firstResult, within(1e-6));
        assertThat(affine.affineReducedOnce()).isCloseTo(firstResult, within(1e-6));
        for (int i = 0; i < 300; i++) {
            double expected = indriya.indriyaConverterPerValue();
            assertThat(affine.affineReducedOnce()).isCloseTo(expected, within(Math.abs(expected) * 1e-9));
        }
    }

    private static UnitConversionBenchmark benchmark(String pair) {
        UnitConversionBenchmark b = new UnitConversionBenchmark();
        b.pair = pair;
        b.setUp();
        return b;
    }
}
