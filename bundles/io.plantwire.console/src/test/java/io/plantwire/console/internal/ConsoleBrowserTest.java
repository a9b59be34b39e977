package io.plantwire.console.internal;

import static io.plantwire.console.internal.ConsoleJsonTest.device;
import static io.plantwire.console.internal.ConsoleJsonTest.driver;
import static io.plantwire.console.internal.ConsoleJsonTest.entry;
import static io.plantwire.console.internal.ConsoleJsonTest.pipeline;
import static io.plantwire.console.internal.Records.T0;
import static io.plantwire.console.internal.Records.tank;
import static io.plantwire.console.internal.Records.tankRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.plantwire.api.driver.ConnectionState;
import io.plantwire.api.driver.DeviceStatus;
import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.ContextValue;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Quality;
import io.plantwire.api.model.Value;
import io.plantwire.api.stage.SinkStatus;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page's own script in a real browser: headless Chromium loads the page skeleton, console.js and console.css,
 * polls data.json from a JDK HTTP server, and the test reads back the DOM it built. Writes
 * target/console-screenshot.png for people. Skipped where no Chromium is installed
 * ({@code apt-get install -y chromium}).
 */
class ConsoleBrowserTest {

    private static final String ROOT = "/system/console/plantwire";
    private static final String HOSTILE = "<img src=x onerror=\"document.title='pwned'\">";

    private HttpServer server;
    private final AtomicInteger dataRequests = new AtomicInteger();

    @TempDir
    Path profile;

    @BeforeEach
    void serveThePage() throws IOException {
        Instant now = T0.plusSeconds(300);
        LatestRecordSink latest = new LatestRecordSink(new ConsoleSettings(100, 300, 32, 500, 0),
                Clock.fixed(now, ZoneOffset.UTC));
        for (int s = 0; s < 60; s++) {
            for (int n = 1; n <= 3; n++) {
                latest.accept(tankRecord(n, s * 5, 40 + n * 5 + 8 * Math.sin(s / 6.0 + n), 20 + n + s * 0.05)
                        .withContext("batch", new ContextValue("B-47" + n, T0, n == 3))
                        .withContext("product", ContextValue.of("caustic soda", T0)));
            }
        }
        Instant bad = T0.plusSeconds(300);
        latest.accept(AssetRecord.builder(tank(2), "ChemicalTank", bad)
                .field("power", new FieldValue(Value.of(0.0), "kW",
                        Quality.bad(Quality.Reason.TIMEOUT, "no answer within 1000 ms"), bad))
                .field("temperature", new FieldValue(Value.of(25.5), "Cel",
                        Quality.uncertain(Quality.Reason.STALE, "reader not polled for 30 s"), bad))
                .field("note", new FieldValue(Value.of(HOSTILE), "", Quality.GOOD, bad))
                .build());
        List<DeviceStatus> devices = List.of(device("meter-1", ConnectionState.CONNECTED, ""),
                device("meter-2", ConnectionState.CONNECTED, ""),
                device("meter-3", ConnectionState.DISCONNECTED, "Connection refused " + HOSTILE),
                new DeviceStatus("temp-reader", "modbus", "tcp://10.0.0.9:502 unit 7", ConnectionState.CONNECTING,
                        null, "timeout after 1000 ms", T0, 50, 50, 0, 0, 0));
        List<Map.Entry<Map<String, Object>, io.plantwire.api.stage.Sink>> sinks = List.of(
                entry(Map.<String, Object>of("plantwire.stage.name", "console-latest"), latest),
                entry(Map.<String, Object>of("plantwire.stage.name", "uns-mqtt"), new io.plantwire.api.stage.Sink() {
                    @Override
                    public void accept(AssetRecord record) {
                    }

                    @Override
                    public SinkStatus status() {
                        return new SinkStatus(false, 1234, 56000, 0, "broker 127.0.0.1:1883 unreachable", T0);
                    }
                }));
        List<Map.Entry<Map<String, Object>, io.plantwire.api.driver.Driver>> drivers = List.of(entry(Map.<String, Object>of("component.name", "modbus"), driver("modbus", devices)));

        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(ROOT, exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals(ROOT + "/" + PlantwireConsolePlugin.DATA)) {
                // A new tank-1 sample per poll, so the page must append what each answer adds to what it holds.
                int poll = dataRequests.incrementAndGet();
                latest.accept(tankRecord(1, 300 + poll * 5, 50 + poll, 30));
                Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
                reply(exchange, "application/json", ConsoleJson.render(GatewaySnapshot.take(now,
                        query.getOrDefault("store", ""), PlantwireConsolePlugin.cursor(query.get("since")), drivers,
                        pipeline(List.of()), sinks, latest)).getBytes(StandardCharsets.UTF_8));
            } else if (path.startsWith(ROOT + "/res/")) {
                try (InputStream in = ConsoleBrowserTest.class.getResourceAsStream(
                        "/plantwire-console/" + path.substring((ROOT + "/res/").length()))) {
                    if (in == null) {
                        exchange.sendResponseHeaders(404, -1);
                        exchange.close();
                        return;
                    }
                    reply(exchange, path.endsWith(".css") ? "text/css" : "text/javascript", in.readAllBytes());
                }
            } else {
                // What the console puts around renderContent, reduced to the essentials.
                String html = "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Plantwire</title>"
                        + "<link href='" + ROOT + "/res/console.css' rel='stylesheet'></head>"
                        + "<body style='font-family: sans-serif; font-size: 13px'><div id='content'>"
                        + ConsolePage.render(ROOT, 500) + "</div></body></html>";
                reply(exchange, "text/html;charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void theScriptBuildsTheTablesFromTheJsonWithoutInterpretingDeviceText() throws Exception {
        String chromium = findChromium();
        assumeTrue(chromium != null, "no Chromium installed");
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + ROOT;

        String dom = run(chromium, "--dump-dom", url);

        int polls = dataRequests.get();
        assertThat(polls).as("the page polled data.json repeatedly").isGreaterThanOrEqualTo(3);
        assertThat(dom).contains("Updated ");
        // devices
        assertThat(dom).contains("meter-1", "meter-3", "temp-reader", "DISCONNECTED", "CONNECTING",
                "tcp://10.0.0.9:502 unit 7", "timeout after 1000 ms");
        // assets, fields, quality, context with stale mark
        assertThat(dom).contains("acme/rotterdam/tankfarm/line-1/cell-a/tank-3", "ChemicalTank",
                "BAD TIMEOUT: no answer within 1000 ms", "UNCERTAIN STALE: reader not polled for 30 s",
                "batch = B-473", "pw-ctx pw-stale", "product = caustic soda", "(3 shown, at most 100)");
        // trends: an SVG polyline per numeric field; tank-2's power has a BAD gap, so two segments or a dot
        assertThat(countOf(dom, "<polyline")).isGreaterThanOrEqualTo(6);
        // tank-1's power trend: 60 points from the first answer plus one per later answer, each of which carried
        // only the new point; the page held at least two polls' worth on top of the first answer
        Matcher samples = Pattern.compile("last (\\d+) samples").matcher(dom);
        assertThat(samples.find()).isTrue();
        assertThat(Integer.parseInt(samples.group(1))).isBetween(60 + 3, 60 + polls);
        // pipeline and sinks
        assertThat(dom).contains("tank-rules", "uns-mqtt", "broker 127.0.0.1:1883 unreachable", "1234",
                "console-latest");
        // the hostile text is shown as text, never turned into an element
        assertThat(dom).contains("&lt;img src=x onerror=").doesNotContain("<img").doesNotContain("pwned</title>");

        // A filter in the address shows only the matching assets.
        String filtered = run(chromium, "--dump-dom", url + "#filter=TANK-3");
        assertThat(filtered).contains("acme/rotterdam/tankfarm/line-1/cell-a/tank-3", "(1 of 3 shown, at most 100)")
                .doesNotContain("cell-a/tank-1<", "cell-a/tank-2<");

        Path png = Paths.get("target", "console-screenshot.png").toAbsolutePath();
        Files.deleteIfExists(png);
        run(chromium, "--screenshot=" + png, "--window-size=1400,2000", url);
        assertThat(png).exists();
        assertThat(Files.size(png)).isGreaterThan(10_000);
    }

    private String run(String chromium, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-dev-shm-usage", "--no-first-run",
                "--user-data-dir=" + profile, "--virtual-time-budget=4000"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("Chromium did not finish: " + cmd);
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private static void reply(HttpExchange exchange, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new java.util.HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    private static int countOf(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static String findChromium() {
        String env = System.getenv("CHROMIUM");
        for (String candidate : new String[] {env, "/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome"}) {
            if (candidate != null && Files.isExecutable(Paths.get(candidate))) {
                return candidate;
            }
        }
        return null;
    }
}
