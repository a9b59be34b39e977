package io.plantwire.config.snapshots.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.felix.cm.json.io.ConfigurationReader;
import org.apache.felix.cm.json.io.ConfigurationResource;
import org.apache.felix.cm.json.io.Configurations;

import io.plantwire.api.text.SafeText;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

/**
 * A {@link SiteConfiguration} as an OSGi Configurator JSON resource (resource version 1), written and read with Felix
 * cm.json: each configuration is a top-level object under its PID ({@code factoryPid~name} for a named factory
 * configuration) with the Configurator's typed keys ({@code port:Integer}); the features and bundles, and for a
 * snapshot when and why it was taken, are resource properties with the {@code :configurator:} prefix, which a
 * Configurator ignores.
 */
final class SiteDocument {

    static final String SYMBOLIC_NAME = "io.plantwire.site";
    static final String FEATURES = ":configurator:plantwire-features";
    static final String BUNDLES = ":configurator:plantwire-bundles";
    static final String TAKEN = ":configurator:plantwire-taken";
    static final String REASON = ":configurator:plantwire-reason";
    private static final String RESOURCE_VERSION = ":configurator:resource-version";
    private static final String NAME = ":configurator:symbolic-name";
    private static final String VERSION = ":configurator:version";
    /** Longest piece of foreign text quoted in an error. */
    private static final int QUOTE = 120;

    /**
     * A document read back: the site and its metadata (taken, reason; empty strings when absent).
     * {@code featuresStated} is false for a document without the features property (a Configurator resource written
     * by hand): it then says nothing about features, and an import leaves them as they are.
     */
    record Parsed(SiteConfiguration site, String taken, String reason, boolean featuresStated) { }

    private SiteDocument() {
    }

    /** Writes the site as a Configurator resource; taken and reason may be empty. */
    static void write(SiteConfiguration site, String taken, String reason, Writer out) throws IOException {
        ConfigurationResource resource = new ConfigurationResource();
        Map<String, Object> properties = resource.getProperties();
        properties.put(RESOURCE_VERSION, 1);
        properties.put(NAME, SYMBOLIC_NAME);
        properties.put(VERSION, "1.0.0");
        if (!taken.isEmpty()) {
            properties.put(TAKEN, taken);
        }
        if (!reason.isEmpty()) {
            properties.put(REASON, reason);
        }
        properties.put(FEATURES, site.features().toArray(new String[0]));
        properties.put(BUNDLES, site.bundles().toArray(new String[0]));
        site.configurations().forEach((pid, props) -> {
            Hashtable<String, Object> ordered = Configurations.newConfiguration(); // keeps the sorted order
            ordered.putAll(props);
            resource.getConfigurations().put(pid, ordered);
        });
        Configurations.buildWriter().build(out).writeConfigurationResource(resource);
        out.flush();
    }

    /**
     * Reads a document of at most maxBytes bytes of UTF-8.
     *
     * @param name what the document is, for messages (a file name)
     * @throws SiteDocumentException naming the file and what is wrong in it; nothing is read partially
     */
    static Parsed read(InputStream in, String name, long maxBytes) throws SiteDocumentException {
        byte[] bytes;
        try {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (IOException e) {
            throw new SiteDocumentException(name + ": cannot be read: " + e.getMessage(), e);
        }
        if (bytes.length > maxBytes) {
            throw new SiteDocumentException(name + ": larger than " + maxBytes
                    + " bytes (maxDocumentBytes); nothing was read");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new SiteDocumentException(name + ": not UTF-8 text (" + e.getMessage() + ")");
        }
        return parse(text, name);
    }

    static Parsed parse(String text, String name) throws SiteDocumentException {
        JsonObject root;
        try (JsonReader reader = Json.createReader(Configurations.jsonCommentAwareReader(new StringReader(text)))) {
            root = reader.readObject();
        } catch (JsonException | IllegalStateException | IOException e) {
            throw new SiteDocumentException(name + ": not a JSON object: " + quote(e.getMessage()));
        }
        checkNumbers(root, name, "");
        List<String> configuratorProperties = new ArrayList<>();
        ConfigurationResource resource;
        try {
            ConfigurationReader reader = Configurations.buildReader().withIdentifier(name)
                    .withConfiguratorPropertyHandler((pid, key, value) -> configuratorProperties.add(pid + " :" + key))
                    .build(root);
            resource = reader.readConfigurationResource();
            if (!reader.getIgnoredErrors().isEmpty()) {
                throw new SiteDocumentException(quote(String.join("; ", reader.getIgnoredErrors())));
            }
        } catch (IOException | RuntimeException e) {
            throw new SiteDocumentException(quote(e.getMessage()), e);
        }
        if (!configuratorProperties.isEmpty()) {
            throw new SiteDocumentException(name + ": configuration " + quote(configuratorProperties.get(0))
                    + ": per-configuration Configurator properties (ranking, policy) are not used by an import, "
                    + "which applies the document as a whole; remove them");
        }
        Map<String, Map<String, Object>> configurations = new LinkedHashMap<>();
        for (Map.Entry<String, Hashtable<String, Object>> e : resource.getConfigurations().entrySet()) {
            String pid = e.getKey();
            if (!SiteScope.validPid(pid)) {
                throw new SiteDocumentException(name + ": " + quote(pid) + " is not a configuration PID "
                        + "(letters, digits, '.', '_', '-', then optionally ~name)");
            }
            Map<String, Object> props = new TreeMap<>();
            for (Enumeration<String> keys = e.getValue().keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                if (!SiteScope.bookkeeping(key)) { // the target's own bookkeeping wins (docs: what is imported)
                    props.put(key, e.getValue().get(key));
                }
            }
            configurations.put(pid, props);
        }
        Map<String, Object> meta = resource.getProperties();
        return new Parsed(SiteConfiguration.of(configurations, strings(meta, FEATURES, name),
                strings(meta, BUNDLES, name)), text(meta, TAKEN, name), text(meta, REASON, name),
                meta.containsKey(FEATURES));
    }

    private static List<String> strings(Map<String, Object> meta, String key, String name)
            throws SiteDocumentException {
        Object value = meta.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof String[] array)) {
            throw new SiteDocumentException(name + ": " + key + " must be an array of strings, not "
                    + quote(String.valueOf(value)));
        }
        List<String> out = new ArrayList<>();
        for (String s : array) {
            if (s == null || s.isBlank() || s.length() > 400 || !SafeText.printable(s).equals(s)) {
                throw new SiteDocumentException(name + ": " + key + " holds " + quote(String.valueOf(s))
                        + ", expected an id or 'symbolicName version'");
            }
            out.add(s.trim());
        }
        return Collections.unmodifiableList(out);
    }

    private static String text(Map<String, Object> meta, String key, String name) throws SiteDocumentException {
        Object value = meta.get(key);
        if (value == null) {
            return "";
        }
        if (!(value instanceof String s)) {
            throw new SiteDocumentException(name + ": " + key + " must be a string");
        }
        return SafeText.printable(s, 400);
    }

    /** Whole-number types of the Configurator's typed keys, with their ranges. */
    private static final Map<String, long[]> WHOLE = Map.of(
            "Long", new long[] {Long.MIN_VALUE, Long.MAX_VALUE}, "long", new long[] {Long.MIN_VALUE, Long.MAX_VALUE},
            "Integer", new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE},
            "int", new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE},
            "Short", new long[] {Short.MIN_VALUE, Short.MAX_VALUE}, "short", new long[] {Short.MIN_VALUE, Short.MAX_VALUE},
            "Byte", new long[] {Byte.MIN_VALUE, Byte.MAX_VALUE}, "byte", new long[] {Byte.MIN_VALUE, Byte.MAX_VALUE});

    /**
     * cm.json turns a JSON number into a long or double and converts it to the key's type without a range check:
     * {@code "port:Integer": 1e30} would become a wrong port, silently. Numbers must fit in 64 bits, and in the
     * range of a whole-number type the key names.
     */
    private static void checkNumbers(JsonValue value, String name, String where) throws SiteDocumentException {
        switch (value.getValueType()) {
            case OBJECT -> {
                for (Map.Entry<String, JsonValue> e : value.asJsonObject().entrySet()) {
                    checkNumbers(e.getValue(), name, where.isEmpty() ? e.getKey() : where + " / " + e.getKey());
                }
            }
            case ARRAY -> {
                for (JsonValue v : value.asJsonArray()) {
                    checkNumbers(v, name, where);
                }
            }
            case NUMBER -> checkNumber((JsonNumber) value, name, where);
            default -> {
                // strings, booleans, null: cm.json checks them against the typed key
            }
        }
    }

    private static void checkNumber(JsonNumber n, String name, String where) throws SiteDocumentException {
        String type = where.contains(":") ? where.substring(where.lastIndexOf(':') + 1) : "";
        type = type.replace("[]", "").replace("Collection<", "").replace(">", "");
        long[] range = WHOLE.get(type);
        java.math.BigDecimal d = n.bigDecimalValue();
        boolean whole = d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
        if (range != null) {
            boolean inRange = whole && (d.precision() - d.scale() <= 19)
                    && d.compareTo(java.math.BigDecimal.valueOf(range[0])) >= 0
                    && d.compareTo(java.math.BigDecimal.valueOf(range[1])) <= 0;
            if (!inRange) {
                throw new SiteDocumentException(name + ": " + quote(where) + ": " + quote(n.toString())
                        + " is not a whole number in the range of " + type + " (" + range[0] + ".." + range[1] + ")");
            }
        } else if (n.isIntegral() ? !fitsLong(d) : Double.isInfinite(n.doubleValue())) {
            throw new SiteDocumentException(name + ": " + quote(where) + ": " + quote(n.toString())
                    + " is out of range for a number (64 bits)");
        }
    }

    private static boolean fitsLong(java.math.BigDecimal d) {
        if (d.precision() - d.scale() > 19) {
            return false; // before longValueExact, which would build a huge number for 1e999999999
        }
        try {
            d.longValueExact();
            return true;
        } catch (ArithmeticException e) {
            return false;
        }
    }

    static String quote(String text) {
        return SafeText.printable(String.valueOf(text), QUOTE);
    }
}
