package com.example.labmeter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.plantwire.api.model.DeviceReading;
import io.plantwire.api.model.PointSample;
import io.plantwire.api.model.Quality.Reason;
import io.plantwire.driver.support.DeviceThreadPool;
import io.plantwire.driver.support.PolledDevice;
import com.example.labmeter.simulator.SimulatedInstrument;

/**
 * The driver outside OSGi: its configuration checks, and its protocol polled by the support library against the
 * simulator and against peers that answer what the protocol never sends.
 */
class InstrumentDeviceTest {

    private final DeviceThreadPool pool = new DeviceThreadPool("test", 2);
    private final List<DeviceReading> readings = new CopyOnWriteArrayList<>();
    private PolledDevice<?, ?> device;

    @AfterEach
    void stop() {
        if (device != null) {
            device.close();
        }
        pool.stop();
    }

    @Test
    void readsEveryChannelWithItsUnitAndAnErrorAnswerMakesOnlyThatPointBadWithItsCode() throws Exception {
        try (SimulatedInstrument sim = SimulatedInstrument.start(0, Map.of(1, 21.5), 0.0)) {
            start(config(sim.port(), "temperature=1|Cel", "humidity=7"));
            DeviceReading r = awaitReading();
            assertThat(r.deviceId()).isEqualTo("dev-1");
            PointSample temperature = r.point("temperature");
            assertThat(temperature.quality().isGood()).isTrue();
            assertThat(temperature.value().asDouble()).isEqualTo(21.5);
            assertThat(temperature.unit()).isEqualTo("Cel");
            assertThat(r.point("humidity").quality().reason()).isEqualTo(Reason.DEVICE_EXCEPTION);
            assertThat(r.point("humidity").quality().code()).isEqualTo(-222);
            assertThat(r.point("humidity").quality().detail()).isEqualTo("Data out of range");
        }
    }

    @Test
    void anAnswerThatIsNotTheProtocolMakesThePointsBadNamingIt() throws Exception {
        assertThat(badDetailAgainst("12,5")).contains("temperature: not a number: '12,5'");
        assertThat(badDetailAgainst("ERR -222,\"Data\u001b[2J")).contains("not a number: 'ERR -222,\"Data\\x1b[2J'");
        assertThat(badDetailAgainst("9".repeat(1000))).contains("answer over 256 bytes");
        assertThat(badDetailAgainst("NaN")).contains("temperature: not a number: 'NaN'");
        assertThat(badDetailAgainst("0x1p3")).contains("temperature: not a number: '0x1p3'");
    }

    @Test
    void aSilentMeterIsATimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            start(config(silent.getLocalPort(), "temperature=1"));
            PointSample s = awaitReading().point("temperature");
            assertThat(s.quality().reason()).isEqualTo(Reason.TIMEOUT);
            assertThat(s.quality().detail()).contains("MEAS? 1: no answer within 300 ms");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "deviceId; dev 1; deviceId: 'dev 1' is not valid",
        "port; 70000; port: '70000' is not valid, expected 1..65535",
        "timeoutMs; 5; timeoutMs: '5' is not valid, expected 100..60000",
        "pollIntervalMs; 0; pollIntervalMs: '0' is not valid, expected 10..3600000",
        "channels; temperature=1|Cel,temperature=2; point 'temperature' is listed twice",
        "channels; temperature=17; channels: 'temperature=17' is not valid, expected name=channel",
        "channels; temperature; channels: 'temperature' is not valid",
        "channels; MEAS? 1=1; channels: 'MEAS? 1=1' is not valid" })
    void anInvalidConfigurationIsRefusedNamingTheFieldAndTheValue(String field, String value, String message) {
        Map<String, Object> c = new HashMap<>(Map.of("deviceId", "dev-1", "port", 1, "channels",
                new String[] { "temperature=1" }));
        c.put(field, field.equals("channels") ? value.split(",") : value);
        assertThatThrownBy(() -> InstrumentDevice.device(config(c))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void aLineBreakInAConfiguredValueCannotReachTheWireOrTheLog() {
        Map<String, Object> c = Map.of("deviceId", "dev-1", "port", 1, "channels", new String[] { "a=1|C\nMEAS? 2" });
        assertThatThrownBy(() -> InstrumentDevice.device(config(c))).hasMessageStartingWith("channels: 'a=1|C\\nMEAS? 2'");
    }

    private String badDetailAgainst(String answer) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread peer = new Thread(() -> answerEveryLine(server, answer + "\n"));
            peer.start();
            start(config(server.getLocalPort(), "temperature=1"));
            PointSample s = awaitReading().point("temperature");
            device.close();
            device = null;
            readings.clear();
            server.close();
            peer.join(5000);
            assertThat(s.quality().reason()).isEqualTo(Reason.DISCONNECTED);
            return s.quality().detail();
        }
    }

    /** A peer that answers every request with {@code answer}. */
    private static void answerEveryLine(ServerSocket server, String answer) {
        while (!server.isClosed()) {
            try (Socket s = server.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                for (int b = in.read(); b >= 0; b = in.read()) {
                    if (b == '\n') {
                        out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                    }
                }
            } catch (IOException e) {
                // closed: the test is over
            }
        }
    }

    private void start(InstrumentConfig config) {
        device = InstrumentDevice.device(config).start(pool, r -> readings.add(r));
    }

    private DeviceReading awaitReading() {
        await().atMost(Duration.ofSeconds(10)).until(() -> !readings.isEmpty());
        return readings.get(0);
    }

    private static InstrumentConfig config(int port, String... channels) {
        return config(Map.of("deviceId", "dev-1", "port", port, "channels", channels, "timeoutMs", 300));
    }

    /** The configuration DS would hand over: the values given, the rest at their defaults. */
    static InstrumentConfig config(Map<String, Object> values) {
        return (InstrumentConfig) Proxy.newProxyInstance(InstrumentConfig.class.getClassLoader(),
                new Class<?>[] { InstrumentConfig.class }, (proxy, method, args) -> {
                    Object v = values.getOrDefault(method.getName(), method.getDefaultValue());
                    if (v instanceof String text && method.getReturnType() == int.class) {
                        return Integer.valueOf(text);
                    }
                    return v instanceof String text && method.getReturnType() == long.class ? Long.valueOf(text) : v;
                });
    }
}
