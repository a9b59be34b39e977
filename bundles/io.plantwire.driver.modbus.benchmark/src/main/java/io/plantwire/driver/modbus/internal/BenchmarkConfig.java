package io.plantwire.driver.modbus.internal;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;

/** A device configuration with the metatype defaults, as DS would build it, for benchmarks. */
final class BenchmarkConfig {

    private BenchmarkConfig() {
    }

    static ModbusDeviceConfig device(int port, List<String> points) {
        return device(Map.of("deviceId", "bench", "port", port, "points", points.toArray(new String[0])));
    }

    static ModbusDeviceConfig device(Map<String, Object> props) {
        return (ModbusDeviceConfig) Proxy.newProxyInstance(BenchmarkConfig.class.getClassLoader(),
                new Class<?>[] {ModbusDeviceConfig.class}, (proxy, method, args) -> props.containsKey(method.getName())
                        ? props.get(method.getName()) : method.getDefaultValue());
    }
}
