package io.plantwire.features.internal;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A feature read from an OSGi Feature JSON file (org.osgi.service.feature 1.0): its id, bundles and configurations.
 * Configuration values follow the Configurator's typing: {@code "port:Integer": 5020}, {@code "points:String[]": [..]};
 * without a type, strings stay strings, integers become Long, decimals Double, and arrays of one JSON type arrays of
 * it. {@code ${name}} in string values is replaced by the feature's variable {@code name}. Extensions are ignored.
 */
record FeatureFile(ArtifactCoordinates id, String name, String title, String description, List<ArtifactCoordinates> bundles,
        Map<ArtifactCoordinates, String> pins, Map<String, Map<String, Object>> configurations, String source) {

    /**
     * Extra metadata of a bundle entry ({@code {"id": "g:a:v", "io.plantwire.sha256": "..."}}): the SHA-256 of the
     * jar the feature was built and signed with. The installer refuses a jar whose content differs.
     */
    static final String SHA256_KEY = "io.plantwire.sha256";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    static final String SHORT_NAME_PREFIX = "io.plantwire.feature.";
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

    /** Reads a feature; errors start with the source so a shell user knows which file is wrong. */
    static FeatureFile parse(String json, String source) {
        return parse(json, source, Map.of());
    }

    /**
     * Reads a feature, replacing the defaults of its declared variables by the overrides (a site's broker address,
     * a free port); overrides of variables the feature does not declare are ignored.
     */
    @SuppressWarnings("unchecked")
    static FeatureFile parse(String json, String source, Map<String, String> overrides) {
        Object document;
        try {
            document = Json.parse(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": not valid JSON: " + e.getMessage(), e);
        }
        if (!(document instanceof Map)) {
            throw new IllegalArgumentException(source + ": a feature is a JSON object");
        }
        Map<String, Object> feature = (Map<String, Object>) document;
        Object version = feature.get("feature-resource-version");
        if (version != null && !"1.0".equals(version)) {
            throw new IllegalArgumentException(source + ": feature-resource-version " + version + " is not supported, expected 1.0");
        }
        Object idValue = feature.get("id");
        if (!(idValue instanceof String)) {
            throw new IllegalArgumentException(source + ": \"id\" is missing or not a string");
        }
        ArtifactCoordinates id;
        try {
            id = ArtifactCoordinates.parse((String) idValue);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": id: " + e.getMessage(), e);
        }
        Map<String, Object> variables = new LinkedHashMap<>();
        if (feature.get("variables") instanceof Map) {
            variables.putAll((Map<String, Object>) feature.get("variables"));
        }
        overrides.forEach((name, value) -> variables.computeIfPresent(name, (n, old) -> value));

        List<ArtifactCoordinates> bundles = new ArrayList<>();
        Map<ArtifactCoordinates, String> pins = new LinkedHashMap<>();
        Object bundleList = feature.getOrDefault("bundles", List.of());
        if (!(bundleList instanceof List)) {
            throw new IllegalArgumentException(source + ": \"bundles\" must be an array");
        }
        int index = 0;
        for (Object entry : (List<Object>) bundleList) {
            Object bundleId = entry instanceof Map ? ((Map<String, Object>) entry).get("id") : entry;
            if (!(bundleId instanceof String)) {
                throw new IllegalArgumentException(source + ": bundles[" + index + "] needs an \"id\" string");
            }
            ArtifactCoordinates coordinates;
            try {
                coordinates = ArtifactCoordinates.parse(substitute((String) bundleId, variables, source));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ": bundles[" + index + "]: " + e.getMessage(), e);
            }
            bundles.add(coordinates);
            Object pin = entry instanceof Map ? ((Map<String, Object>) entry).get(SHA256_KEY) : null;
            if (pin != null) {
                if (!(pin instanceof String) || !SHA256.matcher((String) pin).matches()) {
                    throw new IllegalArgumentException(source + ": bundles[" + index + "]: " + SHA256_KEY
                            + " must be 64 lower-case hex digits");
                }
                pins.put(coordinates, (String) pin);
            }
            index++;
        }

        Map<String, Map<String, Object>> configurations = new LinkedHashMap<>();
        Object configurationMap = feature.getOrDefault("configurations", Map.of());
        if (!(configurationMap instanceof Map)) {
            throw new IllegalArgumentException(source + ": \"configurations\" must be an object");
        }
        for (Map.Entry<String, Object> entry : ((Map<String, Object>) configurationMap).entrySet()) {
            String pid = entry.getKey();
            if (pid.isBlank() || pid.startsWith("~") || pid.endsWith("~")) {
                throw new IllegalArgumentException(source + ": configuration PID '" + pid + "' is not pid or factoryPid~name");
            }
            if (!(entry.getValue() instanceof Map)) {
                throw new IllegalArgumentException(source + ": configuration " + pid + " must be an object");
            }
            Map<String, Object> properties = new LinkedHashMap<>();
            for (Map.Entry<String, Object> property : ((Map<String, Object>) entry.getValue()).entrySet()) {
                String key = property.getKey();
                if (key.startsWith(":configurator:")) {
                    continue; // Configurator instructions (ranking, policy) are not properties.
                }
                String type = null;
                int colon = key.indexOf(':');
                if (colon > 0) {
                    type = key.substring(colon + 1).trim();
                    key = key.substring(0, colon);
                }
                try {
                    properties.put(key, convert(substituteAll(property.getValue(), variables, source), type));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(source + ": configuration " + pid + ", property " + key + ": "
                            + e.getMessage(), e);
                }
            }
            configurations.put(pid, properties);
        }
        String artifact = id.artifactId();
        String name = artifact.startsWith(SHORT_NAME_PREFIX) ? artifact.substring(SHORT_NAME_PREFIX.length()) : artifact;
        return new FeatureFile(id, name, text(feature.get("name")), text(feature.get("description")), List.copyOf(bundles),
                Map.copyOf(pins), configurations, source);
    }

    /** The SHA-256 the feature pins for the bundle, or null when it pins none. */
    String pinnedSha256(ArtifactCoordinates bundle) {
        return pins.get(bundle);
    }

    /** Whether ref names this feature: its short name, its id, or its id without the version. */
    boolean matches(String ref) {
        String r = ref.trim();
        return r.equals(name) || r.equals(id.toString()) || r.equals(id.groupId() + ":" + id.artifactId())
                || r.equals(id.artifactId());
    }

    private static String text(Object value) {
        return value instanceof String ? (String) value : "";
    }

    @SuppressWarnings("unchecked")
    private static Object substituteAll(Object value, Map<String, Object> variables, String source) {
        if (value instanceof String) {
            return substitute((String) value, variables, source);
        }
        if (value instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object item : (List<Object>) value) {
                out.add(substituteAll(item, variables, source));
            }
            return out;
        }
        return value;
    }

    private static String substitute(String value, Map<String, Object> variables, String source) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            if (!variables.containsKey(m.group(1)) || variables.get(m.group(1)) == null) {
                throw new IllegalArgumentException("variable ${" + m.group(1) + "} has no value in \"variables\"");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(variables.get(m.group(1)))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Converts a JSON value to a Config Admin property value of the given Configurator type (null: inferred). */
    @SuppressWarnings("unchecked")
    static Object convert(Object value, String type) {
        if (value == null) {
            throw new IllegalArgumentException("null is not a configuration value");
        }
        if (value instanceof Map) {
            throw new IllegalArgumentException("a JSON object is not a configuration value");
        }
        if (type == null || type.isEmpty()) {
            if (!(value instanceof List)) {
                return value;
            }
            List<Object> list = (List<Object>) value;
            if (list.stream().allMatch(v -> v instanceof String)) {
                return list.toArray(new String[0]);
            }
            if (list.stream().allMatch(v -> v instanceof Long)) {
                return list.toArray(new Long[0]);
            }
            if (list.stream().allMatch(v -> v instanceof Number)) {
                return list.stream().map(v -> ((Number) v).doubleValue()).toArray(Double[]::new);
            }
            if (list.stream().allMatch(v -> v instanceof Boolean)) {
                return list.toArray(new Boolean[0]);
            }
            throw new IllegalArgumentException("an array mixing JSON types needs a type, e.g. \"key:String[]\"");
        }
        if (type.endsWith("[]") || (type.startsWith("Collection<") && type.endsWith(">")) || type.equals("Collection")) {
            boolean collection = type.startsWith("Collection");
            String element = collection
                    ? (type.equals("Collection") ? "String" : type.substring("Collection<".length(), type.length() - 1))
                    : type.substring(0, type.length() - 2);
            List<Object> items = value instanceof List ? (List<Object>) value : List.of(value);
            List<Object> converted = new ArrayList<>();
            for (Object item : items) {
                converted.add(scalar(item, element));
            }
            if (collection) {
                return (Collection<Object>) new ArrayList<>(converted);
            }
            Class<?> componentType = componentType(element);
            Object array = Array.newInstance(componentType, converted.size());
            for (int i = 0; i < converted.size(); i++) {
                Array.set(array, i, converted.get(i));
            }
            return array;
        }
        if (value instanceof List) {
            throw new IllegalArgumentException("an array needs an array type such as " + type + "[]");
        }
        return scalar(value, type);
    }

    private static Class<?> componentType(String element) {
        switch (element) {
            case "int": return int.class;
            case "long": return long.class;
            case "float": return float.class;
            case "double": return double.class;
            case "boolean": return boolean.class;
            case "short": return short.class;
            case "byte": return byte.class;
            case "char": return char.class;
            case "String": return String.class;
            case "Integer": return Integer.class;
            case "Long": return Long.class;
            case "Float": return Float.class;
            case "Double": return Double.class;
            case "Boolean": return Boolean.class;
            case "Short": return Short.class;
            case "Byte": return Byte.class;
            case "Character": return Character.class;
            default: throw new IllegalArgumentException("unknown type '" + element + "[]'");
        }
    }

    private static Object scalar(Object value, String type) {
        String text = value instanceof String ? ((String) value).trim() : String.valueOf(value);
        try {
            switch (type) {
                case "String":
                    return value instanceof String ? value : String.valueOf(value);
                case "Integer": case "int":
                    return value instanceof Number n ? Integer.valueOf(Math.toIntExact(n.longValue())) : Integer.valueOf(text);
                case "Long": case "long":
                    return value instanceof Number n ? Long.valueOf(n.longValue()) : Long.valueOf(text);
                case "Double": case "double":
                    return value instanceof Number n ? Double.valueOf(n.doubleValue()) : Double.valueOf(text);
                case "Float": case "float":
                    return value instanceof Number n ? Float.valueOf(n.floatValue()) : Float.valueOf(text);
                case "Short": case "short":
                    return Short.valueOf(text);
                case "Byte": case "byte":
                    return Byte.valueOf(text);
                case "Character": case "char":
                    if (text.length() != 1) {
                        throw new IllegalArgumentException("'" + text + "' is not one character");
                    }
                    return text.charAt(0);
                case "Boolean": case "boolean":
                    if (value instanceof Boolean) {
                        return value;
                    }
                    if (!"true".equalsIgnoreCase(text) && !"false".equalsIgnoreCase(text)) {
                        throw new IllegalArgumentException("'" + text + "' is not true or false");
                    }
                    return Boolean.valueOf(text);
                default:
                    throw new IllegalArgumentException("unknown type '" + type + "'");
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not a " + type, e);
        }
    }
}
