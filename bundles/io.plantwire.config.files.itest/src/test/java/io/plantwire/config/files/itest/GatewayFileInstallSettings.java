package io.plantwire.config.files.itest;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The {@code felix.fileinstall.*} entries of the gateway's {@code -runproperties} (runtime/gateway.bndrun). */
final class GatewayFileInstallSettings {

    private GatewayFileInstallSettings() {
    }

    static Map<String, String> read(Path bndrun) throws IOException {
        Properties bnd = new Properties();
        try (Reader r = Files.newBufferedReader(bndrun, StandardCharsets.UTF_8)) {
            bnd.load(r); // a .bndrun is a properties file: "\" continues a line
        }
        String runproperties = bnd.getProperty("-runproperties");
        if (runproperties == null) {
            throw new IllegalStateException(bndrun + " has no -runproperties");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String entry : splitOutsideQuotes(runproperties)) {
            int eq = entry.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = entry.substring(0, eq).trim();
            if (key.startsWith("felix.fileinstall.")) {
                settings.put(key, unquote(entry.substring(eq + 1).trim()));
            }
        }
        return settings;
    }

    private static List<String> splitOutsideQuotes(String s) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (char c : s.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == ',') {
                parts.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        parts.add(current.toString());
        return parts;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '\'' || v.charAt(0) == '"') && v.charAt(v.length() - 1) == v.charAt(0)) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
