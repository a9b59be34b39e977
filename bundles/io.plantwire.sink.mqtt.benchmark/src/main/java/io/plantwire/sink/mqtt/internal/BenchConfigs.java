package io.plantwire.sink.mqtt.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** The sink's configuration annotation with the given values and the defaults for the rest, as DS builds it. */
final class BenchConfigs {

    private BenchConfigs() {
    }

    static MqttSinkConfig mqtt(Object... keyValues) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put((String) keyValues[i], keyValues[i + 1]);
        }
        return (MqttSinkConfig) Proxy.newProxyInstance(BenchConfigs.class.getClassLoader(),
                new Class<?>[] { MqttSinkConfig.class }, (proxy, method, args) -> {
                    if (values.containsKey(method.getName())) {
                        return values.get(method.getName());
                    }
                    if (method.getName().equals("annotationType")) {
                        return MqttSinkConfig.class;
                    }
                    return method.getDefaultValue();
                });
    }
}
