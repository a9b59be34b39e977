package io.plantwire.driver.modbus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.ghgande.j2mod.modbus.procimg.InputRegister;

import io.plantwire.api.model.DeviceReading;
import io.plantwire.api.model.PointSample;

/**
 * The benchmark's state driven by hand (not through JMH), against its own loopback slave: every invocation of
 * either method must read {@code registers} registers holding the values the slave serves (register i holds 3·i),
 * or the two scores would not measure the same request.
 */
class ModbusReadBenchmarkTest {

    private static final int INVOCATIONS = 300;

    private final ModbusReadBenchmark benchmark = new ModbusReadBenchmark();

    @AfterEach
    void stop() {
        benchmark.stop();
    }

    @ParameterizedTest
    @ValueSource(ints = { 1, 125 })
    void bothWaysReadTheSlavesRegisters(int registers) throws Exception {
        benchmark.registers = registers;
        benchmark.start();

        for (int n = 0; n < INVOCATIONS; n++) {
            DeviceReading reading = benchmark.driver();
            assertThat(reading.points()).hasSize(registers);
            for (int i = 0; i < registers; i++) {
                PointSample sample = reading.points().get("r" + i);
                assertThat(sample.quality().isGood()).isTrue();
                assertThat(sample.value().asLong()).isEqualTo(3L * i);
            }

            InputRegister[] raw = benchmark.rawJ2mod();
            assertThat(raw).hasSize(registers);
            for (int i = 0; i < registers; i++) {
                assertThat(raw[i].toUnsignedShort()).isEqualTo(3 * i);
            }
        }
    }
}
