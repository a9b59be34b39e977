package io.plantwire.normalizer.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Builds a config annotation instance the way DS does: given values, else the annotation's defaults. */
final class Configs {

    /** Stands for a value DS could not convert and hands to the component as null. */
    static final Object NULL = new Object();

    private Configs() {
    }

    @SuppressWarnings("unchecked")
    static <A> A of(Class<A> type, Map<String, Object> values) {
        return (A) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.getName().equals("toString") ? values.toString() : null;
            }
            Object v = values.get(method.getName());
            if (v == NULL) {
                return null;
            }
            return v != null ? v : method.getDefaultValue();
        });
    }
}
