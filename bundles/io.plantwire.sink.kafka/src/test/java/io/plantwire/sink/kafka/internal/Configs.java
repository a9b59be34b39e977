package io.plantwire.sink.kafka.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Configuration annotation instances for tests, as DS would make them: the given values by attribute name
 * ({@code topic.template}), the declared defaults for the rest.
 */
final class Configs {

    private Configs() {
    }

    @SuppressWarnings("unchecked")
    static <A> A of(Class<A> type, Map<String, Object> values) {
        return (A) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (proxy, method, args) -> {
            String name = method.getName();
            if (name.equals("annotationType")) {
                return type;
            }
            if (name.equals("toString")) {
                return type.getSimpleName() + values.keySet();
            }
            if (name.equals("hashCode")) {
                return System.identityHashCode(proxy);
            }
            if (name.equals("equals")) {
                return proxy == args[0];
            }
            String key = (name.startsWith("_") ? name.substring(1) : name).replace('_', '.');
            Object v = values.get(key);
            return v != null ? v : method.getDefaultValue();
        });
    }
}
