package io.plantwire.sink.mqtt.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** Configuration annotations as DS builds them: the given values, the annotation's defaults for the rest. */
final class Configs {

    private Configs() {
    }

    static MqttSinkConfig mqtt(Object... keyValues) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put((String) keyValues[i], keyValues[i + 1]);
        }
        return (MqttSinkConfig) Proxy.newProxyInstance(Configs.class.getClassLoader(),
                new Class<?>[] { MqttSinkConfig.class }, (proxy, method, args) -> {
                    if (values.containsKey(method.getName())) {
                        return values.get(method.getName());
                    }
                    if (method.getName().equals("annotationType")) {
                        return MqttSinkConfig.class;
                    }
                    Object d = method.getDefaultValue();
                    if (d == null) {
                        throw new IllegalArgumentException("no value for " + method.getName());
                    }
                    return d;
                });
    }
}
