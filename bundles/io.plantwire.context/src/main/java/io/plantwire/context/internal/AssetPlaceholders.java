package io.plantwire.context.internal;

import java.util.List;

import io.plantwire.api.model.Isa95Path;

/** The asset attributes a lookup can put into a URL or an SQL query. */
final class AssetPlaceholders {

    static final List<String> NAMES = List.of("enterprise", "site", "area", "line", "cell", "asset", "assetType",
            "path");

    private AssetPlaceholders() {
    }

    static String value(String name, Isa95Path path, String assetType) {
        return switch (name) {
            case "enterprise" -> path.enterprise();
            case "site" -> path.site();
            case "area" -> path.area();
            case "line" -> path.line();
            case "cell" -> path.cell();
            case "asset" -> path.asset();
            case "assetType" -> assetType;
            case "path" -> path.toString();
            default -> throw new IllegalArgumentException("unknown placeholder '" + name + "'");
        };
    }

    static void check(String attribute, String name, String in) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException(attribute + " '" + in + "' uses unknown placeholder '" + name
                    + "'; known: " + String.join(", ", NAMES));
        }
    }
}
