package io.plantwire.api.model;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Where an asset sits in the plant, as an ISA-95 equipment hierarchy: enterprise / site / area / line / cell /
 * asset. This path is the asset's identity on the gateway; the MQTT unified namespace uses it as the topic and
 * the Kafka bridge derives topic names and keys from it.
 *
 * <p>Every level is required and must be a name of 1 to 64 characters from {@code A-Z a-z 0-9 _ - .}, starting
 * with a letter or digit. This keeps paths legal as MQTT topic levels (no {@code / + #}, no spaces) and as Kafka
 * topic names without escaping.
 *
 * @param enterprise the company, e.g. {@code acme}
 * @param site the plant, e.g. {@code rotterdam}
 * @param area the production area, e.g. {@code tankfarm}
 * @param line the production line or unit, e.g. {@code line-1}
 * @param cell the work cell, e.g. {@code cell-a}
 * @param asset the asset itself, e.g. {@code tank-1}
 */
public record Isa95Path(String enterprise, String site, String area, String line, String cell, String asset) {

    /** The names of the six levels, top down. */
    public static final List<String> LEVELS = List.of("enterprise", "site", "area", "line", "cell", "asset");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    public Isa95Path {
        check("enterprise", enterprise);
        check("site", site);
        check("area", area);
        check("line", line);
        check("cell", cell);
        check("asset", asset);
    }

    /**
     * Parses {@code enterprise/site/area/line/cell/asset}.
     *
     * @throws IllegalArgumentException naming the level and the value when the text is not a valid path
     */
    public static Isa95Path parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("ISA-95 path must not be null");
        }
        String[] parts = text.split("/", -1);
        if (parts.length != 6) {
            throw new IllegalArgumentException("ISA-95 path '" + text
                    + "' must have 6 levels enterprise/site/area/line/cell/asset, has " + parts.length);
        }
        return new Isa95Path(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
    }

    /**
     * Checks one level name.
     *
     * @param level the level's name, used in the message ({@code "area"})
     * @param name the value to check
     * @throws IllegalArgumentException naming the level and the value
     */
    public static void check(String level, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("ISA-95 " + level + " '" + name
                    + "' is not a valid name: use 1-64 characters A-Z a-z 0-9 _ - . starting with a letter or digit");
        }
    }

    /** Whether the name is valid for any level. */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** The six level names, top down. */
    public List<String> levels() {
        return List.of(enterprise, site, area, line, cell, asset);
    }

    /** The path as {@code enterprise/site/area/line/cell/asset}. */
    @Override
    public String toString() {
        return enterprise + '/' + site + '/' + area + '/' + line + '/' + cell + '/' + asset;
    }
}
