package io.plantwire.test.support;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Configuration annotation instances (a component's {@code @ObjectClassDefinition @interface}) built the way DS
 * builds them, for unit tests that construct a component without a framework: the given values, the annotation's
 * defaults for the rest. Values are keyed by the attribute (method) name ({@link #of}) or by the configuration
 * property name DS maps it to ({@link #ofProperties}: {@code topic_template} is {@code topic.template}).
 */
public final class Configs {

    /** Stands for a value DS could not convert and hands to the component as null. */
    public static final Object NULL = new Object();

    private Configs() {
    }

    /**
     * An instance of the configuration type.
     *
     * @param type the configuration annotation type (may be package-private)
     * @param values attribute name (the method name) → value; {@link #NULL} for null
     */
    public static <A> A of(Class<A> type, Map<String, Object> values) {
        return proxy(type, values, Method::getName);
    }

    /**
     * An instance of the configuration type from name/value pairs.
     *
     * @param keyValues attribute name, value, attribute name, value, ...; {@link #NULL} for null
     * @throws IllegalArgumentException on an odd count or a name that is not a String
     */
    public static <A> A of(Class<A> type, Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("name/value pairs expected, got " + keyValues.length + " items");
        }
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (!(keyValues[i] instanceof String name)) {
                throw new IllegalArgumentException("item " + i + " must be an attribute name, is " + keyValues[i]);
            }
            values.put(name, keyValues[i + 1]);
        }
        return of(type, values);
    }

    /**
     * An instance of the configuration type whose values are keyed by configuration property name, the way the
     * component's configuration holds them ({@code mqtt.broker.url} for {@code mqtt_broker_url()}).
     *
     * @param values property name → value; {@link #NULL} for null
     */
    public static <A> A ofProperties(Class<A> type, Map<String, Object> values) {
        return proxy(type, values, m -> propertyName(m.getName()));
    }

    /**
     * The property name DS (Declarative Services 1.4, 112.8.2.1) maps an attribute name to: {@code $$} is
     * {@code $}, {@code $_$} is {@code -}, a lone {@code $} is dropped, {@code __} is {@code _}, {@code _} is
     * {@code .}.
     */
    static String propertyName(String attribute) {
        StringBuilder out = new StringBuilder();
        int n = attribute.length();
        for (int i = 0; i < n; i++) {
            char c = attribute.charAt(i);
            if (c == '$') {
                if (attribute.startsWith("$_$", i)) {
                    out.append('-');
                    i += 2;
                } else if (i + 1 < n && attribute.charAt(i + 1) == '$') {
                    out.append('$');
                    i++;
                }
            } else if (c == '_') {
                if (i + 1 < n && attribute.charAt(i + 1) == '_') {
                    out.append('_');
                    i++;
                } else {
                    out.append('.');
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static <A> A proxy(Class<A> type, Map<String, Object> values, Function<Method, String> key) {
        return (A) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "toString" -> type.getSimpleName() + values;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                };
            }
            if (method.getName().equals("annotationType") && method.getParameterCount() == 0 && !values.containsKey("annotationType")) {
                return type;
            }
            Object v = values.get(key.apply(method));
            if (v == NULL) {
                return null;
            }
            return v != null ? v : method.getDefaultValue();
        });
    }
}
