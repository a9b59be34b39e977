package ${package};

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
import ${package}.simulator.SimulatedInstrument;

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
    void readsEveryPointWithItsUnitAndAnErrorAnswerMakesOnlyThatPointBad() throws Exception {
        try (SimulatedInstrument sim = SimulatedInstrument.start(0, Map.of("temperature", 21.5), 0.0)) {
            start(config(sim.port(), "temperature|Cel", "humidity"));
            DeviceReading r = awaitReading();
            assertThat(r.deviceId()).isEqualTo("dev-1");
            PointSample temperature = r.point("temperature");
            assertThat(temperature.quality().isGood()).isTrue();
            assertThat(temperature.value().asDouble()).isEqualTo(21.5);
            assertThat(temperature.unit()).isEqualTo("Cel");
            assertThat(r.point("humidity").quality().reason()).isEqualTo(Reason.DEVICE_EXCEPTION);
            assertThat(r.point("humidity").quality().detail()).isEqualTo("unknown point humidity");
        }
    }

    @Test
    void anAnswerThatIsNotTheProtocolMakesThePointsBadNamingIt() throws Exception {
        assertThat(badDetailAgainst("VALUE 12,5")).contains("temperature: not a number: 'VALUE 12,5'");
        assertThat(badDetailAgainst("HELLO\u001b[2J")).contains("temperature: unexpected answer 'HELLO\\x1b[2J'");
        assertThat(badDetailAgainst("VALUE " + "9".repeat(1000))).contains("answer longer than 256 bytes");
    }

    @Test
    void aSilentInstrumentIsATimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            start(config(silent.getLocalPort(), "temperature"));
            assertThat(awaitReading().point("temperature").quality().reason()).isEqualTo(Reason.TIMEOUT);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "deviceId; dev 1; deviceId: 'dev 1' is not valid",
        "port; 70000; port: '70000' is not valid, expected 1..65535",
        "timeoutMs; 5; timeoutMs: '5' is not valid, expected 100..60000",
        "pollIntervalMs; 0; pollIntervalMs: '0' is not valid, expected 10..3600000",
        "points; temperature|Cel,temperature; points: 'temperature' is not valid",
        "points; READ x; points: 'READ x' is not valid" })
    void anInvalidConfigurationIsRefusedNamingTheFieldAndTheValue(String field, String value, String message) {
        Map<String, Object> c = new HashMap<>(Map.of("deviceId", "dev-1", "port", 1, "points",
                new String[] { "temperature" }));
        c.put(field, field.equals("points") ? value.split(",") : value);
        assertThatThrownBy(() -> InstrumentDevice.device(config(c))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void aLineBreakInAConfiguredValueCannotReachTheWireOrTheLog() {
        Map<String, Object> c = Map.of("deviceId", "dev-1", "port", 1, "points", new String[] { "a\nREAD b" });
        assertThatThrownBy(() -> InstrumentDevice.device(config(c))).hasMessageStartingWith("points: 'a\\nREAD b'");
    }

    private String badDetailAgainst(String answer) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread peer = new Thread(() -> answerEveryLine(server, answer + "\n"));
            peer.start();
            start(config(server.getLocalPort(), "temperature"));
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

    private static InstrumentConfig config(int port, String... points) {
        return config(Map.of("deviceId", "dev-1", "port", port, "points", points, "timeoutMs", 300));
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
