package io.plantwire.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.moquette.broker.Server;
import io.plantwire.localbrokers.LocalBrokers;
import kafka.server.KafkaRaftServer;

/**
 * The reference scenario for process-level tests: real brokers in the test JVM (a private Mosquitto, or Moquette
 * where it is not installed, and a KRaft Kafka), then the exported gateway as its own process with the
 * chemical-tanks-demo feature in its autoinstall/ folder, pointed at those brokers and a free simulator port.
 */
final class DemoScenario implements AutoCloseable {

    final int mqttPort;
    final int kafkaPort;
    /** "5" with Mosquitto; Moquette speaks 3.1.1 only. */
    final String mqttVersion;
    private final Path mqttDirectory;
    private Process mosquitto;
    private final Server moquette;
    private final KafkaRaftServer kafka;
    private Process gateway;
    private Path output;
    /** The gateway's HTTP port (console, /metrics), chosen at each start. */
    private volatile int httpPort;

    private DemoScenario(Path dir) throws Exception {
        mqttPort = freePort();
        kafkaPort = freePort();
        Path mosquittoBinary = LocalBrokers.mosquittoBinary();
        mqttVersion = mosquittoBinary != null ? "5" : "3.1.1";
        mqttDirectory = dir.resolve("mqtt");
        mosquitto = mosquittoBinary != null ? LocalBrokers.startMosquitto(mosquittoBinary, dir.resolve("mqtt"), mqttPort)
                : null;
        moquette = mosquittoBinary == null ? LocalBrokers.startMqtt(dir.resolve("mqtt"), mqttPort) : null;
        kafka = LocalBrokers.startKafka(dir.resolve("kafka"), kafkaPort, freePort());
    }

    /** Starts the brokers; {@link #startGateway} then starts the gateway against them. */
    static DemoScenario startBrokers(Path dir) throws Exception {
        return new DemoScenario(dir);
    }

    /**
     * Starts the gateway with a fresh home under {@code dir}; its output goes to {@code dir/gateway.out}. The process's
     * stdin is its Gogo shell and is left open.
     */
    Process startGateway(Path dir) throws IOException {
        return startGateway(dir, "gateway.out");
    }

    /**
     * Stops the gateway (SIGTERM) and starts it again on the same home, as an operator's restart; its output then
     * goes to {@code dir/outputName}.
     */
    Process restartGateway(Path dir, String outputName) throws IOException, InterruptedException {
        gateway.getOutputStream().close();
        gateway.destroy();
        if (!gateway.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("gateway did not stop within 60 s after SIGTERM");
        }
        return startGateway(dir, outputName);
    }

    private Process startGateway(Path dir, String outputName) throws IOException {
        Path home = dir.resolve("home");
        Path target = Paths.get(System.getProperty("gateway.jar")).getParent();
        Files.createDirectories(home.resolve("conf"));
        Files.createDirectories(home.resolve("autoinstall"));
        Path demo = home.resolve("autoinstall/chemical-tanks-demo.json");
        if (!Files.exists(demo)) {
            Files.copy(target.resolve("features/chemical-tanks-demo.json"), demo);
            Files.copy(target.resolve("features/chemical-tanks-demo.json.sig"),
                    home.resolve("autoinstall/chemical-tanks-demo.json.sig"));
        }
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+UseSerialGC",
                ExportedGateway.FULL_LOG_ON_TERMINAL,
                "-Dlaunch.storage.dir=" + home.resolve("data/framework"), ExportedGateway.tempFolderFlag(home),
                // Installer settings as framework properties (plantwire.features.*), not a conf/ file: FileInstall
                // applies conf/ files asynchronously, and a gateway must watch autoinstall/ from its first moment.
                "-Dplantwire.features.repository=" + target.resolve("repository"),
                "-Dplantwire.features.featuresDirectory=" + target.resolve("features"),
                "-Dplantwire.features.watchFolder=autoinstall",
                "-Dplantwire.features.watchIntervalMs=500",
                // The distribution's trust store: the build key that signed the features (trust.mode enforce).
                "-Dplantwire.trust.store=" + target.resolve("trust"),
                "-Dplantwire.features.variables=mqtt.broker.url=tcp://127.0.0.1:" + mqttPort + ",mqtt.version="
                        + mqttVersion + ",kafka.bootstrap.servers=127.0.0.1:" + kafkaPort + ",modbus.port=" + freePort(),
                "-jar", System.getProperty("gateway.jar")));
        output = dir.resolve(outputName);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.directory(home.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("PLANTWIRE_"));
        pb.environment().put("PLANTWIRE_HOME", home.toString());
        httpPort = freePort();
        pb.environment().put("PLANTWIRE_HTTP_PORT", Integer.toString(httpPort));
        pb.redirectErrorStream(true).redirectOutput(output.toFile());
        gateway = pb.start();
        return gateway;
    }

    /** The HTTP port of the gateway started last. */
    int httpPort() {
        return httpPort;
    }

    /** Stops the private Mosquitto (a broker outage); only with Mosquitto, which the caller checks. */
    void stopMosquitto() throws InterruptedException {
        mosquitto.destroy();
        if (!mosquitto.waitFor(10, TimeUnit.SECONDS)) {
            mosquitto.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Starts the private Mosquitto again on the same port and directory: the broker is back. */
    void restartMosquitto() throws IOException, InterruptedException {
        mosquitto = LocalBrokers.startMosquitto(LocalBrokers.mosquittoBinary(), mqttDirectory, mqttPort);
    }

    /** Whether the MQTT broker is a Mosquitto process (else an embedded Moquette). */
    boolean usesMosquitto() {
        return moquette == null;
    }

    /** Where the gateway's stdout and stderr go. */
    Path output() {
        return output;
    }

    /** The last lines of the gateway's output, for failure messages. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(output);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Stops the gateway (SIGTERM, then kill) and the brokers. */
    @Override
    public void close() throws Exception {
        if (gateway != null) {
            try {
                gateway.getOutputStream().close();
            } catch (IOException gone) {
                // the process may have ended already
            }
            gateway.destroy();
            if (!gateway.waitFor(30, TimeUnit.SECONDS)) {
                gateway.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        kafka.shutdown();
        kafka.awaitShutdown();
        if (moquette != null) {
            moquette.stopServer();
        }
        if (mosquitto != null) {
            mosquitto.destroy();
            mosquitto.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
