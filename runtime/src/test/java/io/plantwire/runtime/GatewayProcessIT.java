package io.plantwire.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the exported gateway jar as its own process ({@code java -jar}, fresh home, free port) and checks it from
 * the outside, the way an operator meets it. The gateway is killed in every case.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayProcessIT {

    // Generous: the machine is shared with other builds; a start normally takes 1-3 s.
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path tmp;

    private Path home;
    private int port;
    private Process gateway;
    private Path output;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void startGateway() throws Exception {
        home = tmp.resolve("home");
        port = freeLoopbackPort();
        output = tmp.resolve("gateway-1.out");
        gateway = start(output);
        awaitConsole();
    }

    @AfterAll
    void killGateway() throws InterruptedException {
        if (gateway != null && gateway.isAlive()) {
            gateway.destroyForcibly();
            gateway.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(0)
    void anInvalidPortStopsTheStartBeforeAnythingListens() throws Exception {
        Path badHome = tmp.resolve("bad-home");
        Path badOutput = tmp.resolve("gateway-bad.out");
        Process bad = start(badOutput, badHome, Map.of("PLANTWIRE_HTTP_PORT", "80800"));
        try {
            assertThat(bad.waitFor(SETTLE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("exited").isTrue();
            assertThat(bad.exitValue()).isEqualTo(2);
            assertThat(Files.readString(badOutput, StandardCharsets.UTF_8))
                    .contains("ERROR io.plantwire.runtime.launch.GatewayLifecycle - Plantwire gateway cannot start: "
                            + "PLANTWIRE_HTTP_PORT '80800' is not a TCP port (1..65535)")
                    .doesNotContain("Started Jetty");
        } finally {
            bad.destroyForcibly();
        }
    }

    @Test
    @Order(1)
    void everyConsolePathAnswers401WithoutCredentials() throws Exception {
        for (String path : List.of("/system/console", "/system/console/", "/system/console/bundles",
                "/system/console/bundles.json", "/system/console/configMgr", "/system/console/components",
                "/system/console/status-Configurations.txt", "/system/console/res/lib/jquery-3.7.1.js",
                "/system/console/no-such-plugin", "/system/console/vmstat")) {
            HttpResponse<String> response = get(path, null);
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).as(path)
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Basic realm="));
            assertThat(response.body()).as(path).isEmpty();
        }
    }

    @Test
    @Order(2)
    void adminAdminAndWrongPasswordsAreRefused() throws Exception {
        assertThat(get("/system/console/bundles", basic("admin", "admin")).statusCode()).isEqualTo(401);
        assertThat(get("/system/console/bundles.json", basic("admin", "admin")).statusCode()).isEqualTo(401);
        Credentials generated = generatedCredentials();
        assertThat(get("/system/console/bundles", basic(generated.username, generated.password + "x")).statusCode())
                .isEqualTo(401);
        assertThat(get("/system/console/bundles", basic("admin", generated.password)).statusCode()).isEqualTo(401);
    }

    @Test
    @Order(3)
    void theGeneratedCredentialsOpenTheConsoleAndAllBundlesAreActive() throws Exception {
        Credentials c = generatedCredentials();

        HttpResponse<String> page = get("/system/console/bundles", basic(c.username, c.password));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Apache Felix Web Console");

        HttpResponse<String> json = get("/system/console/bundles.json", basic(c.username, c.password));
        assertThat(json.statusCode()).isEqualTo(200);
        // Fragments are reported as "Fragment"; everything else must be active, including the Plantwire bundles.
        assertThat(json.body()).containsPattern("(\\d+) bundles in total - all \\1 bundles active")
                .contains("\"symbolicName\":\"io.plantwire.pipeline\"")
                .contains("\"symbolicName\":\"io.plantwire.console.access\"");
    }

    @Test
    @Order(4)
    void generatedCredentialsAreOwnerOnlyAndPrintedExactlyOnce() throws Exception {
        Credentials c = generatedCredentials();
        Path file = home.resolve("data/console-credentials");

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(c.password).hasSize(24);
        String out = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(occurrences(out, c.password)).isEqualTo(1);
        assertThat(out).contains("password: " + c.password);
    }

    @Test
    @Order(5)
    void itListensOnLoopbackOnly() throws Exception {
        List<String> listeners = listeningAddresses(port);
        assertThat(listeners).as("listening sockets on port %d", port).isNotEmpty()
                .allSatisfy(a -> assertThat(a).isIn("127.0.0.1", "::ffff:127.0.0.1", "::1"));

        List<InetAddress> external = nonLoopbackAddresses();
        for (InetAddress address : external) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), 3000);
                fail("the console answered on " + address.getHostAddress() + ":" + port);
            } catch (ConnectException | SocketTimeoutException expected) {
                // refused (or dropped): nothing answers there; a socket bound to all interfaces would accept at once
            }
        }
    }

    @Test
    @Order(6)
    void aConfigurationFileDroppedIntoConfReachesConfigAdmin() throws Exception {
        Credentials c = generatedCredentials();
        Path cfg = home.resolve("conf/io.plantwire.itest.tankfarm-tank1.cfg");
        Files.writeString(cfg, "batch.id=B-4711\nproduct=caustic-soda\n");

        await("configuration io.plantwire.itest.tankfarm~tank1 in Config Admin", () -> {
            String listing = get("/system/console/status-Configurations.txt", basic(c.username, c.password)).body();
            return listing.contains("PID = io.plantwire.itest.tankfarm~tank1")
                    && listing.contains("batch.id = B-4711")
                    && listing.contains("product = caustic-soda");
        });
    }

    @Test
    @Order(7)
    void aConsoleEditOfAConfFileConfigurationIsWrittenBackToTheFile() throws Exception {
        Credentials c = generatedCredentials();
        Path cfg = home.resolve("conf/io.plantwire.itest.line-l2.cfg");
        Files.writeString(cfg, "# line 2 filler\nspeed=120\n# bottles per minute\nunit=bpm\n");
        Files.setLastModifiedTime(cfg, FileTime.from(Instant.now().minusSeconds(3600)));
        // An editor's swap file: felix.fileinstall.filter ignores hidden files.
        Files.writeString(home.resolve("conf/.io.plantwire.itest.line-l3.cfg"), "speed=1\n");
        await("configuration io.plantwire.itest.line~l2 in Config Admin", () -> get(
                "/system/console/status-Configurations.txt", basic(c.username, c.password)).body()
                .contains("speed = 120"));

        // What the Web Console's configuration form posts for a configuration without metatype: every property,
        // felix.fileinstall.filename included.
        String form = "apply=true&action=ajaxConfigManager&factoryPid=io.plantwire.itest.line"
                + "&propertylist=felix.fileinstall.filename%2Cspeed%2Cunit"
                + "&felix.fileinstall.filename=" + java.net.URLEncoder.encode(cfg.toUri().toString(),
                        StandardCharsets.UTF_8)
                + "&speed=150&unit=bpm";
        HttpResponse<String> saved = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/system/console/configMgr/io.plantwire.itest.line~l2"))
                .header("Authorization", basic(c.username, c.password))
                .header("Origin", "http://127.0.0.1:" + port) // the console refuses cross-site changes
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(saved.statusCode()).as("console save").isIn(200, 302);

        await("the edit in " + cfg, () -> Files.readString(cfg).equals(
                "# line 2 filler\nspeed = 150\n# bottles per minute\nunit=bpm\n"));
        // The file is replaced before the write-back logs it: wait for the line rather than read the log once.
        await("the write-back's log line", () -> Files.readString(output, StandardCharsets.UTF_8)
                .contains("wrote configuration io.plantwire.itest.line~l2 to " + cfg));
        assertThat(get("/system/console/status-Configurations.txt", basic(c.username, c.password)).body())
                .contains("speed = 150").doesNotContain("io.plantwire.itest.line~l3");
    }

    @Test
    @Order(8)
    void sigtermStopsEveryBundleAndExits() throws Exception {
        gateway.destroy(); // SIGTERM on Linux

        assertThat(gateway.waitFor(SETTLE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
        // 128 + 15: the JVM reports the signal after its shutdown hooks, including the framework stop, ran.
        assertThat(gateway.exitValue()).isEqualTo(143);
        String out = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(out).contains("Plantwire gateway stopping: JVM shutdown")
                // Every bundle of the base runtime; the count is not pinned, it grows with the runtime.
                .containsPattern("Plantwire gateway stopped cleanly: \\d+ bundles stopped in \\d+ ms")
                .contains("org.apache.felix.http - Stopped Jetty");
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            fail("still listening on " + port + " after SIGTERM");
        } catch (ConnectException expected) {
            // port released
        }
    }

    @Test
    @Order(9)
    void aRestartKeepsTheCredentialsAndDoesNotPrintThemAgain() throws Exception {
        Credentials before = generatedCredentials();
        Path secondOutput = tmp.resolve("gateway-2.out");
        gateway = start(secondOutput);
        awaitConsole();

        HttpResponse<String> page = get("/system/console/bundles", basic(before.username, before.password));
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(generatedCredentials()).isEqualTo(before);
        String out = Files.readString(secondOutput, StandardCharsets.UTF_8);
        assertThat(out).doesNotContain(before.password).contains("from credentials file");
        // The configuration file from the first run is still applied.
        String listing = get("/system/console/status-Configurations.txt", basic(before.username, before.password))
                .body();
        assertThat(listing).contains("batch.id = B-4711");
    }

    @Test
    @Order(10)
    void credentialsFromAConfFileAreTheOnlyOnesAndNothingIsGenerated() throws Exception {
        gateway.destroy();
        gateway.waitFor(SETTLE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Path siteHome = tmp.resolve("site-home");
        Files.createDirectories(siteHome.resolve("conf"));
        Files.writeString(siteHome.resolve("conf/io.plantwire.console.access.cfg"),
                "username=shift-lead\npassword=reactor-hall-b-key\n");
        Path siteOutput = tmp.resolve("gateway-site.out");
        gateway = start(siteOutput, siteHome, Map.of("PLANTWIRE_HTTP_PORT", Integer.toString(port)));
        String shiftLead = basic("shift-lead", "reactor-hall-b-key");

        await("console accepting shift-lead", () -> {
            if (!gateway.isAlive()) {
                fail("gateway exited: " + tail(siteOutput));
            }
            try {
                int anonymous = get("/system/console/bundles.json", null).statusCode();
                assertThat(anonymous).as("status without credentials while starting").isNotEqualTo(200);
                return get("/system/console/bundles.json", shiftLead).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        }, START_TIMEOUT);

        assertThat(get("/system/console/configMgr", null).statusCode()).isEqualTo(401);
        assertThat(get("/system/console/configMgr", basic("plantwire", "reactor-hall-b-key")).statusCode())
                .isEqualTo(401);
        assertThat(siteHome.resolve("data/console-credentials")).doesNotExist();
        String out = Files.readString(siteOutput, StandardCharsets.UTF_8);
        assertThat(out).doesNotContain("credentials were generated").doesNotContain("reactor-hall-b-key");
        // Config Admin shows the attribute masked: it is typed PASSWORD.
        String listing = get("/system/console/status-Configurations.txt", shiftLead).body();
        assertThat(listing).contains("username = shift-lead").contains("password = ********")
                .doesNotContain("reactor-hall-b-key");
    }

    @Test
    @Order(11)
    void aWeakConfiguredPasswordKeepsTheConsoleClosedAndNamesTheField() throws Exception {
        gateway.destroy();
        gateway.waitFor(SETTLE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Path weakHome = tmp.resolve("weak-home");
        Files.createDirectories(weakHome.resolve("conf"));
        Files.writeString(weakHome.resolve("conf/io.plantwire.console.access.cfg"), "password=admin\n");
        Path weakOutput = tmp.resolve("gateway-weak.out");
        gateway = start(weakOutput, weakHome, Map.of("PLANTWIRE_HTTP_PORT", Integer.toString(port)));

        await("the configuration error in the log", () -> {
            if (!gateway.isAlive()) {
                fail("gateway exited: " + tail(weakOutput));
            }
            return Files.readString(weakOutput, StandardCharsets.UTF_8).contains(
                    "Configuration io.plantwire.console.access: password is too short (5 characters, at least 12 "
                            + "required); value not shown");
        }, START_TIMEOUT);

        // Closed, not open: the console has no servlet without its security provider; Jetty itself still answers.
        assertThat(get("/system/console/bundles", null).statusCode()).isEqualTo(404);
        assertThat(get("/system/console/bundles", basic("admin", "admin")).statusCode()).isEqualTo(404);
        assertThat(weakHome.resolve("data/console-credentials")).doesNotExist();
    }

    // ---------------------------------------------------------------------------------------------------------

    private Process start(Path out) throws IOException {
        return start(out, home, Map.of("PLANTWIRE_HTTP_PORT", Integer.toString(port)));
    }

    private Process start(Path out, Path gatewayHome, Map<String, String> settings) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(ExportedGateway.command(gatewayHome));
        Files.createDirectories(tmp.resolve("cwd"));
        // The working directory is deliberately not the home: PLANTWIRE_HOME must be honoured.
        pb.directory(tmp.resolve("cwd").toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("PLANTWIRE_"));
        env.put("PLANTWIRE_HOME", gatewayHome.toString());
        env.putAll(settings);
        pb.redirectErrorStream(true);
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        // Stdin at EOF, as under a service manager: the Gogo shell must not take the gateway down with it.
        p.getOutputStream().close();
        return p;
    }

    /**
     * Up means: the console answers an authenticated request with 200. Until then it may answer 404 (console servlet
     * not registered yet) or, for a moment while it registers, 500; it must never answer 200 without credentials.
     */
    private void awaitConsole() throws Exception {
        await("console answering on port " + port, () -> {
            if (!gateway.isAlive()) {
                fail("gateway exited with " + gateway.exitValue() + ": " + tail(output));
            }
            try {
                int anonymous = get("/system/console/bundles.json", null).statusCode();
                assertThat(anonymous).as("status without credentials while starting").isNotEqualTo(200);
                if (anonymous != 401 || !Files.exists(home.resolve("data/console-credentials"))) {
                    return false;
                }
                Credentials c = generatedCredentials();
                return get("/system/console/bundles.json", basic(c.username, c.password)).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        }, START_TIMEOUT);
    }

    private HttpResponse<String> get(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private record Credentials(String username, String password) {
    }

    private Credentials generatedCredentials() throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(home.resolve("data/console-credentials"))) {
            p.load(in);
        }
        return new Credentials(p.getProperty("username"), p.getProperty("password"));
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Local addresses of all sockets in LISTEN state on the port, from /proc/net/tcp and tcp6. */
    private static List<String> listeningAddresses(int port) throws IOException {
        List<String> result = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Paths.get(table);
            if (!Files.exists(p)) {
                continue;
            }
            for (String line : Files.readAllLines(p)) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 4 || !f[3].equals("0A")) {
                    continue; // header or not LISTEN
                }
                String[] local = f[1].split(":");
                if (Integer.parseInt(local[1], 16) == port) {
                    result.add(decodeProcAddress(local[0]));
                }
            }
        }
        return result;
    }

    private static String decodeProcAddress(String hex) throws IOException {
        // /proc stores each 32-bit word in host (little-endian) order.
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int src = word * 8 + (3 - i) * 2;
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(src, src + 2), 16);
            }
        }
        InetAddress a = InetAddress.getByAddress(bytes);
        String text = a.getHostAddress();
        if (bytes.length == 16 && text.startsWith("0:0:0:0:0:ffff:")) {
            return "::ffff:" + InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16)).getHostAddress();
        }
        if (bytes.length == 16 && (a.isAnyLocalAddress() || text.equals("0:0:0:0:0:0:0:0"))) {
            return "::";
        }
        if (bytes.length == 16 && text.equals("0:0:0:0:0:0:0:1")) {
            return "::1";
        }
        return text;
    }

    private static List<InetAddress> nonLoopbackAddresses() throws IOException {
        List<InetAddress> result = new ArrayList<>();
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nif.isUp() || nif.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                    result.add(a);
                }
            }
        }
        return result;
    }

    private static int occurrences(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    private static void await(String what, BooleanSupplierWithException condition) throws Exception {
        await(what, condition, SETTLE_TIMEOUT);
    }

    private static void await(String what, BooleanSupplierWithException condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    @FunctionalInterface
    private interface BooleanSupplierWithException {
        boolean getAsBoolean() throws Exception;
    }
}
