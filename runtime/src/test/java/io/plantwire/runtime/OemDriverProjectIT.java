package io.plantwire.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.moquette.broker.Server;
import io.plantwire.localbrokers.LocalBrokers;
import io.plantwire.test.support.TestSigner;

/**
 * The OEM's path end to end (issue 12, docs/oem.md): a project generated from the archetype
 * {@code io.plantwire:plantwire-driver-archetype} outside this repository, built offline against the local Maven
 * repository the build installed into ({@code mvn -o verify}: unit tests and the driver conformance kit in Felix),
 * signed by an OEM key the gateway trusts, dropped into a running exported gateway's {@code deploy/} under
 * {@code trust.mode=enforce}, configured with its simulated instrument, and its readings seen on the UNS of a real
 * MQTT broker. The unsigned jar is refused first: the gateway's trust enforcement is part of what is checked.
 * Child Maven runs and the gateway write their output to files under the test's folder; failures show their tails.
 */
class OemDriverProjectIT {

    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String PACKAGE = "com.example.oem.probe";
    private static final String ARTIFACT = "probe-driver";
    private static final String ASSET_TOPIC = "acme/plant/lab/line-1/cell-1/probe-1";
    private static final Pattern TESTS = Pattern.compile("<testsuite [^>]*?tests=\"(\\d+)\"");
    private static final Pattern FAILED = Pattern.compile("<testsuite [^>]*?(?:failures|errors)=\"([1-9]\\d*)\"");

    @TempDir
    Path tmp;

    private final List<Process> processes = new ArrayList<>();
    private Server moquette;
    private MqttClient subscriber;

    @AfterEach
    void stopEverything() throws Exception {
        if (subscriber != null && subscriber.isConnected()) {
            subscriber.disconnectForcibly(1000);
            subscriber.close();
        }
        for (Process p : processes) { // the gateway first, then the broker
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (moquette != null) {
            moquette.stopServer();
        }
    }

    @Test
    void aGeneratedProjectBuildsPassesTheKitAndRunsSignedInAGatewayUnderEnforcedTrust() throws Exception {
        long start = System.nanoTime();
        Path project = generate();
        long generated = System.nanoTime();
        maven(project, "build.out", "verify");
        long built = System.nanoTime();
        // The project's own unit tests (surefire) and the conformance kit (bnd-testing, in Felix) both ran and passed.
        assertThat(testsIn(project.resolve("target/surefire-reports"))).as("unit tests run").isPositive();
        assertThat(testsIn(project.resolve("target/test-reports/tck"))).as("conformance kit tests run").isPositive();
        Path jar = project.resolve("target/" + ARTIFACT + "-1.0.0.jar");
        assertThat(jar).isRegularFile();

        Path keys = Files.createDirectories(tmp.resolve("keys"));
        TestSigner oem = TestSigner.make(keys, "Probe OEM", null, 30);
        Path signed = oem.sign(jar, keys.resolve(ARTIFACT + "-signed.jar"));
        // The gateway trusts the distribution's build key (its features) and the OEM's certificate (docs/security.md).
        Path trust = Files.createDirectories(tmp.resolve("trust"));
        Path target = Paths.get(System.getProperty("gateway.jar")).getParent();
        try (DirectoryStream<Path> pems = Files.newDirectoryStream(target.resolve("trust"), "*.pem")) {
            for (Path pem : pems) {
                Files.copy(pem, trust.resolve(pem.getFileName()));
            }
        }
        oem.trustIn(trust);

        int mqttPort = ExportedGateway.freeLoopbackPort();
        String mqttVersion = startBroker(mqttPort);
        Map<String, JsonNode> seen = subscribe(mqttPort);
        Path home = prepareHome(target, ExportedGateway.freeLoopbackPort());
        Path output = tmp.resolve("gateway.out");
        Process gateway = startGateway(home, target, trust, output, mqttPort, mqttVersion);
        await("the enforced trust policy", output, gateway, () -> read(output).contains("Trust: mode enforce"));

        // Unsigned, as the build makes it: refused, and left where it is.
        Path dropped = home.resolve("deploy/" + ARTIFACT + ".jar");
        Files.copy(jar, tmp.resolve("unsigned.jar"));
        Files.move(tmp.resolve("unsigned.jar"), dropped, StandardCopyOption.ATOMIC_MOVE);
        await("the unsigned jar refused", output, gateway,
                () -> read(output).contains(ARTIFACT + ".jar refused: it is not signed"));
        assertThat(dropped).exists();
        assertThat(seen).isEmpty();

        // Signed with the trusted OEM key: installed from deploy/, its device polls the simulator, the UNS has it.
        long deployed = System.nanoTime();
        Files.move(signed, dropped, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        await("a GOOD temperature and pressure of probe-1 on " + ASSET_TOPIC, output, gateway, () -> {
            JsonNode record = seen.get(ASSET_TOPIC);
            return record != null && good(record, "temperature") && good(record, "pressure");
        });
        long published = System.nanoTime();
        JsonNode record = seen.get(ASSET_TOPIC);
        assertThat(record.path("assetType").asText()).isEqualTo("Probe");
        assertThat(record.path("fields").path("temperature").path("unit").asText()).isEqualTo("Cel");
        // The simulator starts at 21.5 and moves 0.1 per read: a value from the device, not a placeholder.
        assertThat(record.path("fields").path("temperature").path("value").asDouble()).isBetween(21.5, 1000.0);
        assertThat(record.path("fields").path("pressure").path("unit").asText()).isEqualTo("bar");
        // Every configuration of the bundle activated: SCR logs an activation failure as an ERROR naming the component.
        assertThat(read(output)).doesNotContainPattern("ERROR.*" + Pattern.quote(PACKAGE));

        System.out.printf("FIGURE OemDriverProjectIT: generate %.1f s, build with unit tests and kit %.1f s, "
                + "deploy to first GOOD UNS record %.1f s, total %.1f s%n", seconds(generated - start),
                seconds(built - generated), seconds(published - deployed), seconds(System.nanoTime() - start));
    }

    /** {@code mvn archetype:generate}, offline, into a folder of its own (outside this repository). */
    private Path generate() throws Exception {
        Path parent = Files.createDirectories(tmp.resolve("oem"));
        maven(parent, "generate.out", System.getProperty("archetype.plugin") + ":generate", "-DinteractiveMode=false",
                "-DarchetypeGroupId=io.plantwire", "-DarchetypeArtifactId=plantwire-driver-archetype",
                "-DarchetypeVersion=" + System.getProperty("plantwire.version"), "-DgroupId=com.example.oem",
                "-DartifactId=" + ARTIFACT, "-Dversion=1.0.0", "-Dpackage=" + PACKAGE, "-DdriverType=probe");
        Path project = parent.resolve(ARTIFACT);
        assertThat(project.resolve("pom.xml")).isRegularFile();
        return project;
    }

    /** Runs Maven offline against the build's own local repository, with this JVM's Java; fails on a non-zero exit. */
    private void maven(Path dir, String outputName, String... goals) throws Exception {
        Path out = tmp.resolve(outputName);
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("maven.home"), "bin", "mvn").toString(), "-B", "-o",
                "-Dmaven.repo.local=" + System.getProperty("oem.localRepository")));
        command.addAll(List.of(goals));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home")); // Java 17, as the build (not 25)
        // A short Maven run spends much of its time compiling itself: C1 only and the serial collector save CPU.
        pb.environment().merge("MAVEN_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC", (a, b) -> a + " " + b);
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(BUILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", goals) + " did not finish within " + BUILD_TIMEOUT + ":\n"
                    + tail(out, 60));
        }
        assertThat(p.exitValue()).as("mvn %s in %s exit code; output:\n%s", String.join(" ", goals), dir,
                tail(out, 80)).isZero();
    }

    /** Tests run in a report folder; fails if any failed. */
    private static int testsIn(Path reports) throws IOException {
        int tests = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(reports, "TEST-*.xml")) {
            for (Path report : files) {
                String xml = Files.readString(report, StandardCharsets.UTF_8);
                assertThat(FAILED.matcher(xml).find()).as("failures in %s", report).isFalse();
                Matcher m = TESTS.matcher(xml);
                tests += m.find() ? Integer.parseInt(m.group(1)) : 0;
            }
        }
        return tests;
    }

    private String startBroker(int port) throws Exception {
        Path mosquitto = LocalBrokers.mosquittoBinary();
        if (mosquitto != null) {
            processes.add(LocalBrokers.startMosquitto(mosquitto, tmp.resolve("mqtt"), port));
            return "5";
        }
        moquette = LocalBrokers.startMqtt(tmp.resolve("mqtt"), port);
        return "3.1.1"; // Moquette speaks 3.1.1 only
    }

    private Map<String, JsonNode> subscribe(int port) throws Exception {
        Map<String, JsonNode> latest = new ConcurrentHashMap<>();
        ObjectMapper json = new ObjectMapper();
        subscriber = new MqttClient("tcp://127.0.0.1:" + port, "oem-driver-it", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        subscriber.connect(options);
        subscriber.subscribe("acme/#", 1, (topic, message) -> {
            try { // never throw into Paho: it would drop the connection
                latest.put(topic, json.readTree(new String(message.getPayload(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                latest.put(topic + " (undecodable)", json.createObjectNode().put("error", e.toString()));
            }
        });
        return latest;
    }

    /**
     * A gateway home with the transform and uns-mqtt features (signed by the build) in autoinstall/, and in conf/
     * the OEM driver's simulator, one device on it and the asset that maps its points. The driver's bundle comes
     * later, through deploy/.
     */
    private Path prepareHome(Path target, int simulatorPort) throws IOException {
        Path home = tmp.resolve("home");
        Path autoinstall = Files.createDirectories(home.resolve("autoinstall"));
        for (String feature : List.of("transform.json", "uns-mqtt.json")) {
            Files.copy(target.resolve("features/" + feature), autoinstall.resolve(feature));
            Files.copy(target.resolve("features/" + feature + ".sig"), autoinstall.resolve(feature + ".sig"));
        }
        Path conf = Files.createDirectories(home.resolve("conf"));
        Files.createDirectories(home.resolve("deploy"));
        Files.writeString(conf.resolve(PACKAGE + ".simulator-sim.config"), "port=I\"" + simulatorPort + "\"\n");
        Files.writeString(conf.resolve(PACKAGE + ".device-probe-1.config"), "deviceId=\"probe-1\"\n"
                + "host=\"127.0.0.1\"\n" + "port=I\"" + simulatorPort + "\"\n"
                + "points=[\"temperature|Cel\",\"pressure|bar\"]\n" + "pollIntervalMs=L\"500\"\n");
        Files.writeString(conf.resolve("io.plantwire.mapper.asset-probe.config"), "enterprise=\"acme\"\n"
                + "site=\"plant\"\n" + "area=\"lab\"\n" + "line=\"line-1\"\n" + "cell=\"cell-1\"\n"
                + "asset=\"probe-1\"\n" + "assetType=\"Probe\"\n"
                + "fields=[\"temperature=probe-1/temperature\",\"pressure=probe-1/pressure\"]\n"
                + "plantwire.stage.name=\"probe-map\"\n");
        return home;
    }

    private Process startGateway(Path home, Path target, Path trust, Path output, int mqttPort, String mqttVersion)
            throws IOException {
        List<String> command = List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-Dlaunch.storage.dir=" + home.resolve("data/framework"),
                ExportedGateway.tempFolderFlag(home),
                // the whole log on stdout: the test waits for INFO lines (trust mode, installs)
                ExportedGateway.FULL_LOG_ON_TERMINAL,
                // Installer settings as framework properties, so autoinstall/ is watched from the first moment.
                "-Dplantwire.features.repository=" + target.resolve("repository"),
                "-Dplantwire.features.featuresDirectory=" + target.resolve("features"),
                "-Dplantwire.features.watchFolder=autoinstall", "-Dplantwire.features.watchIntervalMs=500",
                "-Dplantwire.trust.store=" + trust, // trust.mode is left at its default, enforce
                "-Dplantwire.features.variables=mqtt.broker.url=tcp://127.0.0.1:" + mqttPort + ",mqtt.version="
                        + mqttVersion,
                "-jar", System.getProperty("gateway.jar"));
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("PLANTWIRE_"));
        pb.environment().put("PLANTWIRE_HOME", home.toString());
        pb.environment().put("PLANTWIRE_HTTP_PORT", Integer.toString(ExportedGateway.freeLoopbackPort()));
        Process gateway = pb.start();
        processes.add(0, gateway); // stopped before the broker
        return gateway;
    }

    private static boolean good(JsonNode record, String field) {
        return "GOOD".equals(record.path("fields").path(field).path("quality").asText());
    }

    private static void await(String what, Path output, Process gateway, Callable<Boolean> until) {
        try {
            Awaitility.await(what).atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!gateway.isAlive()) {
                    throw new AssertionError("the gateway exited with " + gateway.exitValue() + ":\n" + tail(output, 40));
                }
                return until.call();
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; gateway output:\n" + tail(output, 60), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
