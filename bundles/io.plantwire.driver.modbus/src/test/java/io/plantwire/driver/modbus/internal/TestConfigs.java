package io.plantwire.driver.modbus.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** Configurations as DS would hand them over: annotation defaults, overridden by the given properties. */
final class TestConfigs {

    private TestConfigs() {
    }

    static ModbusDeviceConfig device(Object... keyValues) {
        Map<String, Object> props = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put((String) keyValues[i], keyValues[i + 1]);
        }
        return (ModbusDeviceConfig) Proxy.newProxyInstance(TestConfigs.class.getClassLoader(),
                new Class<?>[] {ModbusDeviceConfig.class}, (proxy, method, args) -> {
                    if (props.containsKey(method.getName())) {
                        return props.get(method.getName());
                    }
                    Object d = method.getDefaultValue();
                    if (d == null && method.getDeclaringClass() == ModbusDeviceConfig.class) {
                        throw new IllegalStateException("test config needs " + method.getName());
                    }
                    if (method.getName().equals("annotationType")) {
                        return ModbusDeviceConfig.class;
                    }
                    return d;
                });
    }

    static DeviceSettings settings(Object... keyValues) {
        return DeviceSettings.from(device(keyValues));
    }
}
