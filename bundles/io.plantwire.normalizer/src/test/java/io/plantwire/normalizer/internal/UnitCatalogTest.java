package io.plantwire.normalizer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class UnitCatalogTest {

    @ParameterizedTest(name = "{1} {0} = {3} {2}")
    @CsvSource({
            // SI prefixes and power
            "W, 1500, kW, 1.5",
            "kW, 2.5, W, 2500",
            "MW, 0.002, kW, 2",
            "mW, 1500, W, 1.5",
            // temperature with offsets
            "Cel, 0, K, 273.15",
            "K, 373.15, Cel, 100",
            "degF, 212, Cel, 100",
            "[degF], 32, Cel, 0",
            "°C, 100, degF, 212",
            "Cel, -40, degF, -40",
            // energy
            "kWh, 1, MJ, 3.6",
            "Wh, 1000, kWh, 1",
            "MWh, 1, kWh, 1000",
            "J, 3600, Wh, 1",
            // pressure
            "bar, 1, kPa, 100",
            "mbar, 1013.25, Pa, 101325",
            "psi, 1, kPa, 6.894757293168",
            "[psi], 14.5037738, bar, 1",
            // flow
            "m3/h, 1, L/min, 16.666666666666668",
            "l/min, 60, m3/h, 3.6",
            "m³/h, 3.6, l/s, 1",
            "kg/h, 3600, kg/s, 1",
    })
    void convertsRealUnits(String from, double value, String to, double expected) {
        assertThat(UnitCatalog.conversion(from, to).apply(value)).isCloseTo(expected, within(1e-6));
    }

    @Test
    void incompatibleUnitsNameBoth() {
        assertThatThrownBy(() -> UnitCatalog.conversion("W", "Cel")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'W'").hasMessageContaining("'Cel'");
    }

    @Test
    void unknownUnitIsNamed() {
        assertThatThrownBy(() -> UnitCatalog.unit("furlong")).hasMessageContaining("unit 'furlong' is not known");
        assertThatThrownBy(() -> UnitCatalog.unit(" ")).hasMessageContaining("unit must not be blank");
    }

    @Test
    void conversionsAreCachedAndAffine() {
        UnitCatalog.Conversion c = UnitCatalog.conversion("degF", "Cel");
        assertThat(UnitCatalog.conversion("degF", "Cel")).isSameAs(c);
        assertThat(c.scale()).isCloseTo(5.0 / 9.0, within(1e-12));
        assertThat(c.offset()).isCloseTo(-160.0 / 9.0, within(1e-9));
    }
}
