package io.plantwire.runtime;

import static io.plantwire.runtime.ExportedGateway.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Issue 11, items 1-3, from the outside of the exported gateway: cross-site requests to any console page refused,
 * same-origin ones accepted, wrong logins throttled with the user name logged printably, HTTPS served from a
 * keystore, plain HTTP on a non-loopback address refused unless explicitly allowed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleHardeningIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final String USER = "operator";
    private static final String PASSWORD = "tank-farm-night-shift";
    private static final String EVIL = "http://evil.example";
    private static final String CSRF_PID = "io.plantwire.itest.csrf";

    @TempDir
    static Path tmp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ExportedGateway gateway;
    private int port;
    private String origin;

    @BeforeAll
    void start() throws Exception {
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("conf"));
        // Small limits so the throttle test is short: 4 attempts, then one every 3 s.
        Files.writeString(home.resolve("conf/io.plantwire.console.access.cfg"), "username=" + USER + "\npassword="
                + PASSWORD + "\nlogin.attempts.per.address=4\nlogin.address.refill.seconds=3\n");
        port = ExportedGateway.freeLoopbackPort();
        origin = "http://127.0.0.1:" + port;
        gateway = ExportedGateway.start(home, tmp.resolve("gateway.out"),
                Map.of("PLANTWIRE_HTTP_PORT", Integer.toString(port)));
        awaitConsole(gateway, http, origin);
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    @Order(1)
    void crossSiteStateChangesAreRefusedOnEveryPageAndChangeNothing() throws Exception {
        String save = "apply=true&action=ajaxConfigManager&propertylist=colour&colour=red";
        Map<String, Map<String, String>> attacks = new LinkedHashMap<>();
        attacks.put("Origin evil", Map.of("Origin", EVIL, "Sec-Fetch-Site", "cross-site"));
        attacks.put("Origin of another port", Map.of("Origin", "http://127.0.0.1:" + (port + 1)));
        attacks.put("Origin null", Map.of("Origin", "null"));
        attacks.put("same-site only", Map.of("Sec-Fetch-Site", "same-site"));
        attacks.put("Referer evil", Map.of("Referer", EVIL + "/tanks.html"));
        attacks.put("no origin at all", Map.of());
        for (Map.Entry<String, Map<String, String>> a : attacks.entrySet()) {
            HttpResponse<String> r = post("/system/console/configMgr/" + CSRF_PID, save, a.getValue(), true);
            assertThat(r.statusCode()).as(a.getKey()).isEqualTo(403);
            assertThat(r.body()).as(a.getKey()).startsWith("Refused: cross-site request to the Plantwire console");
        }
        // Without credentials too: 403, not a login prompt on the attacker's page.
        assertThat(post("/system/console/configMgr/" + CSRF_PID, save, Map.of("Origin", EVIL), false).statusCode())
                .isEqualTo(403);

        // Felix's own pages and ours alike.
        long consoleBundle = bundleId("io.plantwire.console");
        for (String[] page : new String[][] {
            {"/system/console/bundles/" + consoleBundle, "action=stop"},
            {"/system/console/bundles", "action=install&bundlestart=start"},
            {"/system/console/components/io.plantwire.console.internal.PlantwireConsolePlugin", "action=disable"},
            {"/system/console/plantwire-features", "action=install&feature=modbus"},
            {"/system/console/vmstat", "shutdown_type=Stop"}}) {
            HttpResponse<String> r = post(page[0], page[1], Map.of("Origin", EVIL), true);
            assertThat(r.statusCode()).as(page[0]).isEqualTo(403);
        }

        assertThat(get("/system/console/status-Configurations.txt").body()).doesNotContain(CSRF_PID);
        assertThat(bundleState("io.plantwire.console")).isEqualTo("Active");
        assertThat(gateway.output()).contains("Web Console refused POST /system/console/configMgr/" + CSRF_PID
                + " from 127.0.0.1: Origin 'http://evil.example' is not this console's origin http://127.0.0.1:"
                + port);
    }

    @Test
    @Order(2)
    void sameOriginStateChangesWorkAndReadingFromElsewhereStillWorks() throws Exception {
        int n = 0;
        for (Map<String, String> proof : List.of(Map.of("Origin", origin), Map.of("Sec-Fetch-Site", "same-origin"),
                Map.of("Referer", origin + "/system/console/configMgr"))) {
            String colour = "colour-" + (++n);
            HttpResponse<String> r = post("/system/console/configMgr/" + CSRF_PID,
                    "apply=true&action=ajaxConfigManager&propertylist=colour&colour=" + colour, proof, true);
            assertThat(r.statusCode()).as(proof.toString()).isIn(200, 302);
            await().atMost(Duration.ofSeconds(30)).until(() -> get("/system/console/status-Configurations.txt")
                    .body().contains("colour = " + colour));
        }
        // The Bundles page's own upload would bypass the trust policy: refused even from the console's origin.
        HttpResponse<String> upload = http.send(request("/system/console/bundles", true)
                .header("Origin", origin)
                .header("Content-Type", "multipart/form-data; boundary=pw")
                .POST(HttpRequest.BodyPublishers.ofString("--pw\r\nContent-Disposition: form-data; name=\"action\"\r\n\r\n"
                        + "install\r\n--pw\r\nContent-Disposition: form-data; name=\"bundlefile\"; filename=\"x.jar\"\r\n"
                        + "Content-Type: application/java-archive\r\n\r\nPK\r\n--pw--\r\n"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).isEqualTo(403);
        assertThat(upload.body()).startsWith("Refused: bundle uploads through the Bundles page are refused");

        // GET is not a state change: a page elsewhere may link to the console.
        HttpResponse<String> read = http.send(request("/system/console/bundles.json", true)
                .header("Origin", EVIL).header("Sec-Fetch-Site", "cross-site").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void wrongLoginsAreThrottledAndCannotForgeLogLines() throws Exception {
        // No ':' in it: Basic credentials end the user name at the first ':'.
        String forged = "2026-12-06 [main] INFO io.plantwire.Forged - operator logged in from the control room";
        String hostileUser = "night-shift\r\n" + forged;
        for (int i = 0; i < 4; i++) {
            assertThat(getAs("/system/console/bundles.json", basic(hostileUser, "guess-" + i)).statusCode())
                    .as("attempt %d", i + 1).isEqualTo(401);
        }
        HttpResponse<String> throttled = getAs("/system/console/bundles.json", basic(hostileUser, "guess-5"));
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).hasValueSatisfying(
                v -> assertThat(Integer.parseInt(v)).isBetween(1, 3));
        // While throttled even the right password is answered 429: a throttled guesser learns nothing.
        assertThat(getAs("/system/console/bundles.json", basic(USER, PASSWORD)).statusCode()).isEqualTo(429);
        assertThat(getAs("/system/console/bundles.json", null).statusCode()).isEqualTo(429);

        // Once the attack stops the right password works again within one refill interval (3 s here).
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> getAs("/system/console/bundles.json", basic(USER, PASSWORD)).statusCode() == 200);
        // The address has earned one attempt, not a new burst: the fast check of an already verified password
        // (an operator's open page) does not reset the count of a guesser on the same address.
        assertThat(getAs("/system/console/bundles.json", basic(USER, "wrong-1")).statusCode()).isEqualTo(401);
        assertThat(getAs("/system/console/bundles.json", basic(USER, "wrong-2")).statusCode()).isEqualTo(429);

        String log = gateway.output();
        assertThat(log).contains("Web Console login refused for user 'night-shift\\r\\n" + forged + "' from 127.0.0.1")
                .contains("Web Console logins from 127.0.0.1 throttled: too many failed attempts");
        assertThat(log.lines().filter(l -> l.startsWith(forged))).isEmpty();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> getAs("/system/console/bundles.json", basic(USER, PASSWORD)).statusCode() == 200);
    }

    @Test
    @Order(4)
    void httpsIsServedFromAKeystoreAndPlainHttpIsOff() throws Exception {
        Path keystore = TestCertificates.keystore(tmp.resolve("keys"), "gateway", "keystore-secret-1");
        Path home = tmp.resolve("https-home");
        int httpsPort = ExportedGateway.freeLoopbackPort();
        int httpPort = ExportedGateway.freeLoopbackPort();
        HttpClient tls = HttpClient.newBuilder().sslContext(TestCertificates.trusting(keystore, "keystore-secret-1"))
                .connectTimeout(Duration.ofSeconds(5)).build();
        String base = "https://127.0.0.1:" + httpsPort;
        try (ExportedGateway secure = ExportedGateway.start(home, tmp.resolve("https.out"), Map.of(
                "PLANTWIRE_HTTP_PORT", Integer.toString(httpPort), "PLANTWIRE_HTTPS_PORT", Integer.toString(httpsPort),
                "PLANTWIRE_HTTPS_KEYSTORE", keystore.toString(), "PLANTWIRE_HTTPS_KEYSTORE_PASSWORD",
                "keystore-secret-1", "PLANTWIRE_CONSOLE_USERNAME", USER, "PLANTWIRE_CONSOLE_PASSWORD", PASSWORD))) {
            awaitConsole(secure, tls, base);
            assertThat(send(tls, HttpRequest.newBuilder(URI.create(base + "/system/console/bundles.json")).GET())
                    .statusCode()).isEqualTo(401);
            // Same-origin on HTTPS is the https origin; the http origin of the same host and port is another one.
            String form = "apply=true&action=ajaxConfigManager&propertylist=colour&colour=blue";
            assertThat(send(tls, formPost(base + "/system/console/configMgr/" + CSRF_PID, form)
                    .header("Origin", base)).statusCode()).isIn(200, 302);
            assertThat(send(tls, formPost(base + "/system/console/configMgr/" + CSRF_PID, form)
                    .header("Origin", "http://127.0.0.1:" + httpsPort)).statusCode()).isEqualTo(403);

            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), httpPort), 2000);
                throw new AssertionError("plain HTTP answered on " + httpPort + " beside HTTPS");
            } catch (ConnectException expected) {
                // nothing listens there
            }
            String out = secure.output();
            assertThat(out).contains("HTTPS on 127.0.0.1:" + httpsPort + " (certificate CN=localhost")
                    .contains("HTTPS:" + httpsPort).doesNotContain("keystore-secret-1");
        }
    }

    @Test
    @Order(5)
    void plainHttpOnANonLoopbackAddressIsRefusedAtStart() throws Exception {
        int p = ExportedGateway.freeLoopbackPort();
        try (ExportedGateway refused = ExportedGateway.start(tmp.resolve("wide-home"), tmp.resolve("wide.out"),
                Map.of("PLANTWIRE_HTTP_HOST", "0.0.0.0", "PLANTWIRE_HTTP_PORT", Integer.toString(p)))) {
            assertThat(refused.exited(START_TIMEOUT)).as("exited").isTrue();
            assertThat(refused.process().exitValue()).isEqualTo(2);
            assertThat(refused.output()).contains("ERROR io.plantwire.runtime.launch.GatewayLifecycle - Plantwire "
                    + "gateway cannot start: plain HTTP on 0.0.0.0, which is not a loopback address, is refused")
                    .doesNotContain("Started Jetty");
        }
    }

    @Test
    @Order(6)
    void allowingPlaintextIsLoggedAtEveryStart() throws Exception {
        int p = ExportedGateway.freeLoopbackPort();
        Path home = tmp.resolve("allowed-home");
        for (int start = 1; start <= 2; start++) {
            try (ExportedGateway allowed = ExportedGateway.start(home, tmp.resolve("allowed-" + start + ".out"),
                    Map.of("PLANTWIRE_HTTP_HOST", "0.0.0.0", "PLANTWIRE_HTTP_PORT", Integer.toString(p),
                            "PLANTWIRE_HTTP_ALLOW_PLAINTEXT", "true", "PLANTWIRE_CONSOLE_USERNAME", USER,
                            "PLANTWIRE_CONSOLE_PASSWORD", PASSWORD))) {
                awaitConsole(allowed, http, "http://127.0.0.1:" + p);
                assertThat(allowed.output()).contains("WARNING io.plantwire.runtime.launch.GatewayLifecycle - "
                        + "PLANTWIRE_HTTP_ALLOW_PLAINTEXT=true: plain HTTP is allowed on the non-loopback address "
                        + "0.0.0.0");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Up: an authenticated request answers 200 (never 200 without credentials on the way). */
    static void awaitConsole(ExportedGateway g, HttpClient client, String base) {
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200)).ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    g.assertAlive();
                    HttpResponse<String> anonymous = send(client,
                            HttpRequest.newBuilder(URI.create(base + "/system/console/bundles.json")).GET());
                    assertThat(anonymous.statusCode()).isNotEqualTo(200);
                    return send(client, HttpRequest.newBuilder(URI.create(base + "/system/console/bundles.json"))
                            .header("Authorization", basic(USER, PASSWORD)).GET()).statusCode() == 200;
                });
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder b)
            throws IOException, InterruptedException {
        return client.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder formPost(String url, String form) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", basic(USER, PASSWORD))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
    }

    private HttpRequest.Builder request(String path, boolean authenticated) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin + path)).timeout(Duration.ofSeconds(20));
        return authenticated ? b.header("Authorization", basic(USER, PASSWORD)) : b;
    }

    private HttpResponse<String> post(String path, String form, Map<String, String> headers, boolean authenticated)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path, authenticated)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path, true).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> getAs(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin + path)).timeout(Duration.ofSeconds(20));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode bundle(String symbolicName) throws IOException, InterruptedException {
        JsonNode all = new ObjectMapper().readTree(get("/system/console/bundles.json").body());
        for (JsonNode b : all.get("data")) {
            if (symbolicName.equals(b.path("symbolicName").asText())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    private long bundleId(String symbolicName) throws IOException, InterruptedException {
        return bundle(symbolicName).get("id").asLong();
    }

    private String bundleState(String symbolicName) throws IOException, InterruptedException {
        return bundle(symbolicName).get("state").asText();
    }
}
