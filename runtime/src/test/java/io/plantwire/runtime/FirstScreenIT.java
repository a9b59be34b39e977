package io.plantwire.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first screen of a newcomer: {@code runtime/plantwire} in a fresh home (the demo, its local brokers), stdin
 * closed, nothing else set but free ports. What the terminal shows before the first tank line is a short banner
 * (console URL, generated credentials, full log, where the data goes) and no warning or error; the full log,
 * including what the terminal leaves out and what bundles log while the gateway stops, is in data/logs/.
 */
class FirstScreenIT {

    private static final Pattern TANK_LINE = Pattern.compile("^\\[acme/rotterdam/tankfarm/line-1/cell-a/tank-\\d ",
            Pattern.MULTILINE);
    private static final Pattern WARN_OR_ERROR = Pattern.compile("\\b(WARN|WARNING|ERROR|SEVERE)\\b");
    /** Generous: a start on a loaded 2-core build machine; the start time itself is measured, not asserted. */
    private static final Duration START = Duration.ofSeconds(180);

    @TempDir
    Path tmp;

    @Test
    void theTerminalShowsABannerThenTheTankLinesAndTheFullLogIsInDataLogs() throws Exception {
        Path script = Paths.get("plantwire").toAbsolutePath();
        assertThat(script).as("runtime/plantwire").isRegularFile();
        Path home = tmp.resolve("home");
        Path terminal = tmp.resolve("terminal.txt");
        int http = DemoScenario.freePort();
        int mqtt = DemoScenario.freePort();
        int kafka = DemoScenario.freePort();
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("PLANTWIRE_"));
        env.putAll(Map.of("PLANTWIRE_HOME", home.toString(), "PLANTWIRE_SKIP_BUILD", "1",
                "PLANTWIRE_HTTP_PORT", Integer.toString(http), "PLANTWIRE_MQTT_PORT", Integer.toString(mqtt),
                "PLANTWIRE_KAFKA_PORT", Integer.toString(kafka),
                "PLANTWIRE_KAFKA_CONTROLLER_PORT", Integer.toString(DemoScenario.freePort()),
                "PLANTWIRE_MES_PORT", Integer.toString(DemoScenario.freePort()),
                "PLANTWIRE_MODBUS_PORT", Integer.toString(DemoScenario.freePort())));
        pb.redirectErrorStream(true).redirectOutput(terminal.toFile());
        // What a killed gateway left in its temporary folder (no process has this pid: above any pid_max).
        Path stale = Files.createDirectories(home.resolve("data/tmp/2147483646"));
        Files.writeString(stale.resolve("resource1.jar"), "left by a killed gateway");
        Process gateway = pb.start(); // the script execs java: this is the gateway's process
        gateway.getOutputStream().close();
        try {
            await("the first tank line").atMost(START).pollInterval(Duration.ofMillis(200))
                    .until(() -> !gateway.isAlive() || TANK_LINE.matcher(read(terminal)).find());
            assertThat(gateway.isAlive()).as("gateway running; terminal:\n%s", read(terminal)).isTrue();

            String screen = read(terminal);
            String first = screen.substring(0, firstTankLine(screen));
            List<String> lines = first.lines().toList();
            assertThat(lines).as("the first screen").contains(
                    "  Web Console   http://127.0.0.1:" + http + "/system/console",
                    "  Full log      " + home.toRealPath().resolve("data/logs/gateway.0.log")
                            + " (rotated; this terminal shows warnings and errors only)",
                    "  username: plantwire");
            assertThat(lines).anyMatch(l -> l.startsWith("  password: ")).contains("plantwire: the demo publishes "
                    + "tank-1..3 on MQTT topics acme/rotterdam/tankfarm/line-1/cell-a/tank-N and Kafka topics "
                    + "acme.rotterdam.tankfarm.line-1.cell-a.tank-N");
            assertThat(lines.stream().filter(l -> WARN_OR_ERROR.matcher(l).find()).toList())
                    .as("warnings or errors before the first tank line").isEmpty();
            assertThat(lines.size()).as("lines before the first tank line:\n%s", first).isLessThan(30);

            // One line per sink as it starts (the Kafka sink may start after the first tank line).
            String mqttLine = "Data -> MQTT tcp://127.0.0.1:" + mqtt + ", topic per asset: <asset path>, assets ** "
                    + "(sink 'uns-mqtt'); watch it: mosquitto_sub -h 127.0.0.1 -p " + mqtt + " -t '#' -v";
            String kafkaLine = "Data -> Kafka 127.0.0.1:" + kafka
                    + ", topics {enterprise}.{site}.{area}.{line}.{cell}.{asset}, assets ** (sink 'kafka')";
            await("the sinks' lines").atMost(START)
                    .until(() -> read(terminal).lines().filter(l -> l.equals(mqttLine) || l.equals(kafkaLine))
                            .count() == 2);

            Path log = home.resolve("data/logs/gateway.0.log");
            await("the Kafka sink's start in the log").atMost(START)
                    .until(() -> Files.exists(log) && read(log).contains("ProducerConfig values"));
            assertThat(read(log)).contains("Plantwire gateway home " + home.toRealPath())
                    .contains("Stage added: SINK uns-mqtt").contains("Required stages not present (yet)")
                    .contains("org.eclipse.jetty.server.Server - jetty-12")
                    .doesNotContain("password: "); // the generated password is shown once, on the terminal only
            assertThat(read(terminal)).doesNotContain("ProducerConfig values").doesNotContain("UNKNOWN_TOPIC");

            // The JVM's temporary files are in data/tmp/<its pid>, not in /tmp; the killed one's are gone.
            assertThat(stale).as("a killed gateway's temporary folder").doesNotExist();
            try (var files = Files.list(home.resolve("data/tmp/" + gateway.pid()))) {
                assertThat(files.map(f -> f.getFileName().toString()).toList()).as("the gateway's temporary files")
                        .anyMatch(n -> n.endsWith(".jar"));
            }
        } finally {
            // The script started the demo brokers before it exec'd java: they are this process's children.
            List<ProcessHandle> brokers = gateway.toHandle().descendants().toList();
            gateway.destroy(); // SIGTERM: the framework stops, the demo brokers with it
            if (!gateway.waitFor(60, TimeUnit.SECONDS)) {
                gateway.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            // They notice the gateway is gone once they are ready (slow on a loaded machine); their files are in the
            // home, which the test deletes.
            try {
                await("the demo brokers stopped").atMost(START)
                        .until(() -> brokers.stream().noneMatch(ProcessHandle::isAlive));
            } finally {
                brokers.forEach(ProcessHandle::destroyForcibly);
            }
        }
        assertThat(read(terminal)).contains("Plantwire gateway stopped cleanly");
        // What bundles log while they stop reaches the file too (the JDK's own shutdown hook would drop it).
        assertThat(read(home.resolve("data/logs/gateway.0.log"))).contains("org.apache.felix.http - Stopped Jetty")
                .contains("Plantwire gateway stopped cleanly");
        try (var files = Files.list(home.resolve("data/logs"))) {
            List<String> names = new ArrayList<>(files.map(p -> p.getFileName().toString()).toList());
            assertThat(names).contains("gateway.0.log").allMatch(n -> n.matches("gateway\\.\\d\\.log(\\.lck)?"));
        }
    }

    private static int firstTankLine(String screen) {
        var m = TANK_LINE.matcher(screen);
        return m.find() ? m.start() : screen.length();
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
