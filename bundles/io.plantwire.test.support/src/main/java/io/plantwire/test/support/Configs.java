package io.plantwire.test.support;

import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Configuration annotation instances (a component's {@code @ObjectClassDefinition @interface}) built the way DS
 * builds them, for unit tests that construct a component without a framework: the given values, the annotation's
 * defaults for the rest.
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
    @SuppressWarnings("unchecked")
    public static <A> A of(Class<A> type, Map<String, Object> values) {
        return (A) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.getName().equals("toString") ? values.toString() : null;
            }
            if (method.getName().equals("annotationType") && method.getParameterCount() == 0 && !values.containsKey("annotationType")) {
                return type;
            }
            Object v = values.get(method.getName());
            if (v == NULL) {
                return null;
            }
            return v != null ? v : method.getDefaultValue();
        });
    }
}
