package io.plantwire.normalizer.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import javax.measure.MetricPrefix;
import javax.measure.Prefix;
import javax.measure.Unit;
import javax.measure.UnitConverter;

import tech.units.indriya.format.SimpleUnitFormat;
import tech.units.indriya.unit.Units;

/**
 * Turns the unit texts found on the plant floor ({@code kW}, {@code Cel}, {@code degF}, {@code mbar},
 * {@code m3/h}, {@code kWh}) into JSR 385 units of the Indriya reference implementation, and a pair of them into a
 * {@link Conversion}.
 *
 * <p>Indriya does the unit algebra (dimensions, prefixes, offsets); the data path never calls it. Every
 * conversion between the units gateways see is affine ({@code y = a·x + b}), so a conversion is reduced to its two
 * doubles once and then costs one multiply-add per value. See docs/decisions/transform-units.md.
 */
public final class UnitCatalog {

    private static final SimpleUnitFormat FORMAT;
    /** Plant and UCUM spellings Indriya's default format does not know, each a base for SI prefixes. */
    private static final Map<String, Unit<?>> EXTRA = new HashMap<>();
    private static final Map<String, Prefix> PREFIXES = new HashMap<>();
    /** UCUM writes exponents as plain digits after a symbol (m3/h); Indriya wants m^3. */
    private static final Pattern UCUM_EXPONENT = Pattern.compile("(?<=[A-Za-z])([1-9])(?![0-9])");
    private static final Map<String, Conversion> CACHE = new ConcurrentHashMap<>();

    static {
        FORMAT = withIndriyaLoader(() -> {
            // A private format instance: labels added here must not leak into other bundles using Indriya.
            SimpleUnitFormat f = SimpleUnitFormat.getNewInstance();
            Unit<?> fahrenheit = Units.KELVIN.multiply(5.0 / 9.0).shift(459.67);
            Unit<?> bar = Units.PASCAL.multiply(100_000);
            Unit<?> psi = Units.PASCAL.multiply(6_894.757293168);
            Unit<?> wattHour = Units.WATT.multiply(Units.HOUR);
            put(f, "Cel", Units.CELSIUS);
            put(f, "degC", Units.CELSIUS);
            put(f, "°C", Units.CELSIUS);
            put(f, "[degF]", fahrenheit);
            put(f, "degF", fahrenheit);
            put(f, "°F", fahrenheit);
            put(f, "bar", bar);
            put(f, "psi", psi);
            put(f, "[psi]", psi);
            put(f, "Wh", wattHour);
            put(f, "L", Units.LITRE);
            put(f, "l", Units.LITRE);
            put(f, "VA", Units.WATT);
            put(f, "var", Units.WATT);
            put(f, "%", Units.PERCENT);
            put(f, "h", Units.HOUR);
            put(f, "min", Units.MINUTE);
            return f;
        });
        for (MetricPrefix p : MetricPrefix.values()) {
            PREFIXES.put(p.getSymbol(), p);
        }
        PREFIXES.put("u", MetricPrefix.MICRO);
    }

    private static void put(SimpleUnitFormat f, String text, Unit<?> unit) {
        EXTRA.put(text, unit);
        if (text.chars().allMatch(Character::isLetter) && !text.equals("h") && !text.equals("min")) {
            f.alias(unit, text); // lets composite texts (L/min, kWh/m3) use these too
        }
    }

    private UnitCatalog() {
    }

    /**
     * The unit for a text.
     *
     * @throws IllegalArgumentException naming the text when it is not a known unit
     */
    public static Unit<?> unit(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("unit must not be blank");
        }
        String t = text.strip();
        Unit<?> u = EXTRA.get(t);
        if (u != null) {
            return u;
        }
        // SI prefix on a unit the default format does not know: mbar, kWh, MWh, kpsi, mL
        for (int n = 2; n >= 1; n--) {
            if (t.length() > n) {
                Prefix p = PREFIXES.get(t.substring(0, n));
                Unit<?> base = EXTRA.get(t.substring(n));
                if (p != null && base != null && !t.substring(n).equals("%")) {
                    return withIndriyaLoader(() -> base.prefix(p));
                }
            }
        }
        String ucum = UCUM_EXPONENT.matcher(t).replaceAll("^$1");
        try {
            return withIndriyaLoader(() -> FORMAT.parse(ucum));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("unit '" + text + "' is not known (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The conversion from one unit to another.
     *
     * @throws IllegalArgumentException naming both units when they measure different things or are unknown
     */
    public static Conversion conversion(String from, String to) {
        String key = from + '\u0000' + to;
        Conversion c = CACHE.get(key);
        if (c == null) {
            c = derive(from, to);
            CACHE.put(key, c);
        }
        return c;
    }

    private static Conversion derive(String from, String to) {
        Unit<?> f = unit(from);
        Unit<?> t = unit(to);
        if (!f.isCompatible(t)) {
            throw new IllegalArgumentException("cannot convert '" + from + "' (" + f.getDimension() + ") to '" + to
                    + "' (" + t.getDimension() + ")");
        }
        return withIndriyaLoader(() -> {
            UnitConverter c;
            try {
                c = f.getConverterToAny(t);
            } catch (Exception e) {
                throw new IllegalArgumentException("cannot convert '" + from + "' to '" + to + "': " + e, e);
            }
            double offset = c.convert(0.0);
            double scale = c.convert(1.0) - offset;
            // Every unit in the catalog converts affinely; check it rather than trust it.
            for (double x : new double[] { -273.15, 1000.0, 12_345.678 }) {
                double expected = c.convert(x);
                if (Math.abs(expected - (scale * x + offset)) > 1e-9 * Math.max(1.0, Math.abs(expected))) {
                    throw new IllegalArgumentException("conversion '" + from + "' to '" + to + "' is not linear");
                }
            }
            return new Conversion(from, to, scale, offset);
        });
    }

    /**
     * Indriya finds its number system with {@link java.util.ServiceLoader} through the thread context class loader,
     * which in OSGi does not see Indriya's META-INF/services. Running its calls with Indriya's own bundle class
     * loader as context makes the lookup work in Felix and plain Java alike, without osgi.serviceloader support.
     */
    private static <T> T withIndriyaLoader(java.util.function.Supplier<T> call) {
        Thread th = Thread.currentThread();
        ClassLoader before = th.getContextClassLoader();
        th.setContextClassLoader(Units.class.getClassLoader());
        try {
            return call.get();
        } finally {
            th.setContextClassLoader(before);
        }
    }

    /**
     * An affine unit conversion, {@code to = scale · from + offset}.
     *
     * @param from the source unit as written
     * @param to the target unit as written
     * @param scale factor
     * @param offset added after scaling (temperatures)
     */
    public record Conversion(String from, String to, double scale, double offset) {
        public double apply(double value) {
            return value * scale + offset;
        }
    }
}
