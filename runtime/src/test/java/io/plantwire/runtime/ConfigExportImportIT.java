package io.plantwire.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Configuration export and import between two exported gateways, as a fleet copies a working gateway: gateway A runs
 * the reference scenario (chemical-tanks-demo from its autoinstall folder) against a private MQTT broker and Kafka;
 * its site configuration is exported from the shell and through the console's export button; A stops; gateway B, a
 * fresh home with nothing installed, refuses a broken document without changing anything, then imports A's document
 * (installing the feature, applying every configuration) and publishes the same UNS messages as A did, and its own
 * export equals A's. Restoring the snapshot taken before the import brings B back to what it was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfigExportImportIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final List<String> TANKS = List.of("tank-1", "tank-2", "tank-3");
    private static final String AREA = "acme/rotterdam/tankfarm/line-1/cell-a/";
    private static final String USER = "operator";
    private static final String PASSWORD = "export-import-test-pw";
    /** How plantwire:config answers when it did not do what was asked (a line of its own, maybe after the prompt). */
    private static final Pattern ANSWER_FAILED = Pattern.compile("(?m)^(g! )*(refused|failed): ");

    @TempDir
    static Path tmp;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private DemoScenario brokers;
    private MqttClient subscriber;
    /** Every UNS message with the time it arrived. */
    private final Map<String, List<Received>> received = new ConcurrentHashMap<>();
    private final List<Process> gateways = new ArrayList<>();

    private record Received(Instant at, JsonNode record) { }

    /** One gateway process: its output file, its shell (stdin), its console port. */
    private record Gateway(Process process, Path home, Path output, OutputStream shell, int httpPort) { }

    @BeforeAll
    void startBrokers() throws Exception {
        brokers = DemoScenario.startBrokers(tmp);
        subscriber = new MqttClient("tcp://127.0.0.1:" + brokers.mqttPort, "config-export-import-it",
                new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        subscriber.connect(options);
        subscriber.subscribe(AREA + "+", 1, (topic, message) -> received
                .computeIfAbsent(topic, t -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .add(new Received(Instant.now(), json.readTree(new String(message.getPayload(),
                        StandardCharsets.UTF_8)))));
    }

    @AfterAll
    void stopEverything() throws Exception {
        for (Process p : gateways) {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (subscriber != null && subscriber.isConnected()) {
            subscriber.disconnectForcibly(1000);
            subscriber.close();
        }
        if (brokers != null) {
            brokers.close();
        }
    }

    private final int modbusPort = freePortQuietly();

    private static int freePortQuietly() {
        try {
            return DemoScenario.freePort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts the exported gateway on a fresh home; with the demo in autoinstall/ when asked. */
    private Gateway start(String name, boolean demo) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Path home = dir.resolve("home");
        Path target = Paths.get(System.getProperty("gateway.jar")).getParent();
        Files.createDirectories(home.resolve("conf"));
        Files.createDirectories(home.resolve("autoinstall"));
        if (demo) {
            Files.copy(target.resolve("features/chemical-tanks-demo.json"),
                    home.resolve("autoinstall/chemical-tanks-demo.json"));
            Files.copy(target.resolve("features/chemical-tanks-demo.json.sig"),
                    home.resolve("autoinstall/chemical-tanks-demo.json.sig"));
        }
        int httpPort = DemoScenario.freePort();
        ProcessBuilder pb = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-Dlaunch.storage.dir=" + home.resolve("data/framework"),
                ExportedGateway.tempFolderFlag(home),
                "-Dplantwire.features.repository=" + target.resolve("repository"),
                "-Dplantwire.features.featuresDirectory=" + target.resolve("features"),
                "-Dplantwire.features.watchFolder=autoinstall", "-Dplantwire.features.watchIntervalMs=500",
                "-Dplantwire.trust.store=" + target.resolve("trust"),
                // the same variables on both: B's feature install starts from them before the import overwrites
                "-Dplantwire.features.variables=mqtt.broker.url=tcp://127.0.0.1:" + brokers.mqttPort
                        + ",mqtt.version=" + brokers.mqttVersion + ",kafka.bootstrap.servers=127.0.0.1:"
                        + brokers.kafkaPort + ",modbus.port=" + modbusPort,
                "-jar", System.getProperty("gateway.jar"));
        pb.directory(home.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("PLANTWIRE_"));
        pb.environment().put("PLANTWIRE_HOME", home.toString());
        pb.environment().put("PLANTWIRE_HTTP_PORT", Integer.toString(httpPort));
        pb.environment().put("PLANTWIRE_CONSOLE_USERNAME", USER);
        pb.environment().put("PLANTWIRE_CONSOLE_PASSWORD", PASSWORD);
        Path output = dir.resolve("gateway.out");
        pb.redirectErrorStream(true).redirectOutput(output.toFile());
        Process p = pb.start();
        gateways.add(p);
        return new Gateway(p, home, output, p.getOutputStream(), httpPort);
    }

    private static String output(Gateway g) {
        try {
            return Files.readString(g.output(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(Gateway g) {
        List<String> lines = output(g).lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /**
     * Sends a command to the gateway's shell once and returns its output once it has the marker. The first call
     * per gateway waits until the shell and the command are there (a harmless probe, repeated).
     */
    private String shell(Gateway g, String command, String marker) throws IOException {
        if (!output(g).contains("usage: plantwire:config")) {
            long[] lastSent = {0};
            await("the shell of " + g.home()).atMost(TIMEOUT).pollInterval(Duration.ofMillis(300)).until(() -> {
                assertThat(g.process().isAlive()).as("gateway alive; output:\n%s", tail(g)).isTrue();
                if (output(g).contains("usage: plantwire:config")) {
                    return true;
                }
                if (System.nanoTime() - lastSent[0] > TimeUnit.SECONDS.toNanos(3)) {
                    send(g, "plantwire:config");
                    lastSent[0] = System.nanoTime();
                }
                return false;
            });
        }
        int mark = output(g).length();
        send(g, command);
        await(command).atMost(TIMEOUT).pollInterval(Duration.ofMillis(300)).until(() -> {
            assertThat(g.process().isAlive()).as("gateway alive; output:\n%s", tail(g)).isTrue();
            String since = output(g).substring(mark);
            if (!marker.startsWith("refused") && ANSWER_FAILED.matcher(since).find()) {
                throw new AssertionError(command + " did not succeed:\n" + since);
            }
            return since.contains(marker);
        });
        return output(g).substring(mark);
    }

    private static void send(Gateway g, String command) throws IOException {
        g.shell().write((command + "\n").getBytes(StandardCharsets.UTF_8));
        g.shell().flush();
    }

    /** The newest UNS message of every tank that arrived after {@code since} with good values and MES context. */
    private Map<String, JsonNode> goodMessagesSince(Instant since) {
        Map<String, JsonNode> out = new TreeMap<>();
        await("all three tanks on the UNS with context and good values since " + since).atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(300)).until(() -> {
                    for (String tank : TANKS) {
                        List<Received> all = received.getOrDefault(AREA + tank, List.of());
                        for (int i = all.size() - 1; i >= 0; i--) {
                            JsonNode r = all.get(i).record();
                            if (all.get(i).at().isAfter(since) && r.path("context").has("batchId")
                                    && "GOOD".equals(r.path("fields").path("temperature").path("quality").asText())) {
                                out.put(tank, r);
                                break;
                            }
                        }
                    }
                    return out.size() == TANKS.size();
                });
        return out;
    }

    /** What must be the same on both gateways: everything but times and the live measured values. */
    private static Map<String, Object> shape(JsonNode record) {
        Map<String, Object> shape = new TreeMap<>();
        shape.put("schema", record.path("schema").asText());
        shape.put("path", record.path("path").asText());
        shape.put("assetType", record.path("assetType").asText());
        Map<String, String> fields = new TreeMap<>();
        // units, not qualities: a poll that timed out on a loaded machine is BAD on either gateway, as it should be
        record.path("fields").fields().forEachRemaining(f -> fields.put(f.getKey(), f.getValue().path("unit").asText()));
        shape.put("fields", fields);
        Map<String, String> context = new TreeMap<>();
        record.path("context").fields().forEachRemaining(c -> context.put(c.getKey(),
                c.getValue().path("value").asText()));
        shape.put("context", context);
        return shape;
    }

    /** The document without the line saying when it was written. */
    private static String withoutTime(String document) {
        return document.replaceAll("\\s*\":configurator:plantwire-taken\":[^,]*,", "");
    }

    private HttpResponse<String> console(Gateway g, String method, String path, String form, String origin)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.httpPort()
                + "/system/console/" + path)).header("Authorization", ExportedGateway.basic(USER, PASSWORD))
                .timeout(Duration.ofSeconds(60));
        if (origin != null) {
            b.header("Origin", origin);
        }
        b = method.equals("POST") ? b.header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)) : b.GET();
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void aSecondGatewayImportingTheExportPublishesTheSameAndRestoreUndoesIt() throws Exception {
        // ---- gateway A: the reference scenario
        Gateway a = start("a", true);
        Map<String, JsonNode> fromA = goodMessagesSince(Instant.EPOCH);
        Path exported = a.home().resolve("site.json");
        assertThat(shell(a, "plantwire:config export site.json", "exported to ")).contains("exported to " + exported);
        String documentA = Files.readString(exported);
        assertThat(documentA).contains("\":configurator:symbolic-name\": \"io.plantwire.site\"",
                "\"io.plantwire:io.plantwire.feature.chemical-tanks-demo:0.1.0-SNAPSHOT\"",
                "\"io.plantwire.driver.modbus.device~meter-1\"", "\"port:Integer\": " + modbusPort)
                .doesNotContain("\"io.plantwire.console.access\": {");
        assertThat(shell(a, "plantwire:config snapshots", "data/snapshots"))
                .contains(a.home().resolve("data/snapshots").toString());

        // the console's export button gives the same document, to the logged-in operator only
        await("console up").atMost(TIMEOUT).ignoreExceptions().until(() ->
                console(a, "GET", "plantwire-config/export.json", null, null).statusCode() == 200);
        HttpResponse<String> download = console(a, "GET", "plantwire-config/export.json", null, null);
        assertThat(download.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                v -> assertThat(v).contains("attachment"));
        assertThat(withoutTime(download.body())).isEqualTo(withoutTime(documentA));
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.httpPort()
                + "/system/console/plantwire-config/export.json")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(401);

        a.shell().close();
        a.process().destroy();
        assertThat(a.process().waitFor(60, TimeUnit.SECONDS)).as("A stops on SIGTERM").isTrue();

        // ---- gateway B: nothing installed
        Gateway b = start("b", false);
        String exportB0 = shell(b, "plantwire:config export before.json", "exported to ");
        assertThat(exportB0).contains("exported to");
        String documentB0 = Files.readString(b.home().resolve("before.json"));
        assertThat(documentB0).doesNotContain("chemical-tanks-demo");

        // a broken copy of A's document is refused and changes nothing
        Path broken = b.home().resolve("broken.json");
        Files.writeString(broken, documentA.replace("\"unitId:Integer\": 2", "\"unitId:Integer\": \"two\""));
        assertThat(shell(b, "plantwire:config import broken.json", "refused: "))
                .contains("Invalid value/type for configuration : unitId:Integer");
        shell(b, "plantwire:config export after-refusal.json", "exported to ");
        assertThat(withoutTime(Files.readString(b.home().resolve("after-refusal.json"))))
                .isEqualTo(withoutTime(documentB0));

        // the dry run shows the difference first, then the import applies it
        Files.copy(exported, b.home().resolve("site.json"));
        assertThat(shell(b, "plantwire:config import --dry-run site.json", "dry run: nothing was changed"))
                .contains("+ feature io.plantwire:io.plantwire.feature.chemical-tanks-demo:0.1.0-SNAPSHOT",
                        "+ io.plantwire.driver.modbus.device~meter-1  (configuration added)");
        Instant importedAt = Instant.now();
        String imported = shell(b, "plantwire:config import site.json", "the state before is snapshot ");
        // reported, not asserted (docs: measurements): the import includes installing the demo feature's 26 bundles
        System.out.printf("measure: document %d bytes, %d configurations; import round trip %d ms%n",
                Files.size(exported), Pattern.compile("\"[a-z.]+~?[a-z0-9-]*\": \\{").matcher(documentA).results()
                        .count(), Duration.between(importedAt, Instant.now()).toMillis());
        assertThat(imported).contains("imported site.json");
        Matcher before = Pattern.compile("the state before is snapshot (\\S+) ").matcher(imported);
        assertThat(before.find()).isTrue();

        // the same UNS messages as A's, from B
        Map<String, JsonNode> fromB = goodMessagesSince(importedAt);
        for (String tank : TANKS) {
            assertThat(shape(fromB.get(tank))).as(tank).isEqualTo(shape(fromA.get(tank)));
        }
        // and the same site configuration
        shell(b, "plantwire:config export site-b.json", "exported to ");
        assertThat(withoutTime(Files.readString(b.home().resolve("site-b.json")))).isEqualTo(withoutTime(documentA));

        // ---- restore the snapshot from before the import: B is as it was
        Instant restoreStart = Instant.now();
        String restored = shell(b, "plantwire:config restore " + before.group(1), "restored " + before.group(1));
        System.out.printf("measure: restore round trip (uninstalls the demo feature) %d ms%n",
                Duration.between(restoreStart, Instant.now()).toMillis());
        assertThat(restored).contains("- feature io.plantwire:io.plantwire.feature.chemical-tanks-demo");
        shell(b, "plantwire:config export restored.json", "exported to ");
        assertThat(withoutTime(Files.readString(b.home().resolve("restored.json"))))
                .isEqualTo(withoutTime(documentB0));

        // ---- the feature installer tells the snapshots before it changes anything
        shell(b, "plantwire:install modbus", "plantwire:status modbus");
        assertThat(shell(b, "plantwire:config snapshots", "snapshot(s) in")).contains("before install feature modbus");

        // ---- the console's actions: POST with the page's token, same origin only
        String page = console(b, "GET", "plantwire-config", null, null).body();
        Matcher token = Pattern.compile("name=\"token\" value=\"([0-9a-f]+)\"").matcher(page);
        assertThat(token.find()).as(page).isTrue();
        String own = "http://127.0.0.1:" + b.httpPort();
        HttpResponse<String> taken = console(b, "POST", "plantwire-config", "action=snapshot&token="
                + enc(token.group(1)), own);
        assertThat(taken.statusCode()).isEqualTo(200);
        assertThat(taken.body()).contains("Snapshot taken");
        assertThat(console(b, "POST", "plantwire-config", "action=snapshot", own).statusCode()).isEqualTo(403);
        assertThat(console(b, "POST", "plantwire-config", "action=restore&id=" + enc(before.group(1)) + "&confirm=yes"
                + "&token=" + enc(token.group(1)), "http://evil.example").statusCode()).isEqualTo(403);
        // the diff view: from now (modbus installed) to the snapshot from before the import
        HttpResponse<String> diff = console(b, "GET", "plantwire-config?diff=" + enc(before.group(1)), null, null);
        assertThat(diff.body()).contains("<pre id=\"pw-diff\">- feature io.plantwire:io.plantwire.feature.modbus:");
        // restore from the console: the first press shows the difference and changes nothing, the second applies
        String restore = "action=restore&id=" + enc(before.group(1)) + "&token=" + enc(token.group(1));
        HttpResponse<String> ask = console(b, "POST", "plantwire-config", restore, own);
        assertThat(ask.body()).contains("Restore snapshot " + before.group(1) + "?", "name=\"confirm\" value=\"yes\"");
        assertThat(shell(b, "plantwire:config export still.json", "exported to ")).isNotEmpty();
        assertThat(Files.readString(b.home().resolve("still.json"))).contains("io.plantwire.feature.modbus");
        HttpResponse<String> done = console(b, "POST", "plantwire-config", restore + "&confirm=yes", own);
        assertThat(done.body()).contains("Restored snapshot " + before.group(1));
        shell(b, "plantwire:config export restored-in-console.json", "exported to ");
        assertThat(withoutTime(Files.readString(b.home().resolve("restored-in-console.json"))))
                .isEqualTo(withoutTime(documentB0));
    }
}
