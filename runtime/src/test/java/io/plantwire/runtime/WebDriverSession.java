package io.plantwire.runtime;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Headless Chromium driven through chromedriver's W3C WebDriver protocol (JSON over HTTP on loopback), with the
 * JDK's HTTP client: enough to load pages, type into a field and click a button the way an operator does, without
 * a Selenium dependency.
 */
final class WebDriverSession implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ELEMENT = "element-6066-11e4-a52f-4d3e2b8b8b8b";

    private final Process driver;
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private WebDriverSession(Process driver, String base) {
        this.driver = driver;
        this.base = base;
    }

    /** The Chromium binary: $CHROMIUM, else the usual Debian places; null when none is installed. */
    static String chromium() {
        return firstExecutable(System.getenv("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser",
                "/usr/bin/google-chrome");
    }

    static String chromedriver() {
        return firstExecutable(System.getenv("CHROMEDRIVER"), "/usr/bin/chromedriver");
    }

    private static String firstExecutable(String... candidates) {
        for (String c : candidates) {
            if (c != null && Files.isExecutable(Paths.get(c))) {
                return c;
            }
        }
        return null;
    }

    /**
     * Starts chromedriver on a free loopback port and a headless browser session.
     *
     * @param extraArgs further Chromium switches, e.g. {@code --host-resolver-rules=...}
     */
    static WebDriverSession start(String chromedriver, String chromium, Path profile, Path log, List<String> extraArgs)
            throws Exception {
        int port = ExportedGateway.freeLoopbackPort();
        Process p = new ProcessBuilder(chromedriver, "--port=" + port, "--allowed-ips=127.0.0.1")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        WebDriverSession s = new WebDriverSession(p, "http://127.0.0.1:" + port);
        try {
            // chromedriver not listening yet: an IOException, tried again until it answers ready
            org.awaitility.Awaitility.await("chromedriver ready").atMost(java.time.Duration.ofSeconds(30))
                    .pollInterval(java.time.Duration.ofMillis(100)).ignoreExceptionsInstanceOf(IOException.class)
                    .until(() -> s.call("GET", "/status", null).path("value").path("ready").asBoolean());
            List<String> args = new java.util.ArrayList<>(List.of("--headless=new", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run",
                    "--user-data-dir=" + profile));
            args.addAll(extraArgs);
            JsonNode created = s.call("POST", "/session", Map.of("capabilities", Map.of("alwaysMatch", Map.of(
                    "browserName", "chrome", "goog:chromeOptions", Map.of("binary", chromium, "args", args)))));
            String id = created.path("value").path("sessionId").asText();
            if (id.isEmpty()) {
                throw new IOException("no WebDriver session: " + created);
            }
            return new WebDriverSession(p, s.base + "/session/" + id);
        } catch (Exception | AssertionError e) {
            p.destroyForcibly();
            throw e;
        }
    }

    void open(String url) throws IOException, InterruptedException {
        call("POST", "/url", Map.of("url", url));
    }

    String currentUrl() throws IOException, InterruptedException {
        return call("GET", "/url", null).path("value").asText();
    }

    /** The text of the page's body, or "" while there is none. */
    String bodyText() throws IOException, InterruptedException {
        return script("return document.body ? document.body.innerText : '';");
    }

    String script(String js) throws IOException, InterruptedException {
        return call("POST", "/execute/sync", Map.of("script", js, "args", List.of())).path("value").asText();
    }

    /** The element's id, or null when no element matches the CSS selector (now). */
    String find(String css) throws IOException, InterruptedException {
        return elementId(call("POST", "/element", Map.of("using", "css selector", "value", css)));
    }

    String findByXpath(String xpath) throws IOException, InterruptedException {
        return elementId(call("POST", "/element", Map.of("using", "xpath", "value", xpath)));
    }

    /** The web element reference of a find answer, or null for "no such element". */
    private static String elementId(JsonNode answer) {
        JsonNode value = answer.path("value");
        if (!value.isObject() || value.has("error")) {
            return null;
        }
        JsonNode e = value.path(ELEMENT);
        if (e.isMissingNode() && value.size() == 1) {
            e = value.elements().next(); // the reference under whatever key this driver uses
        }
        return e.isTextual() ? e.asText() : null;
    }

    void clearAndType(String element, String text) throws IOException, InterruptedException {
        call("POST", "/element/" + element + "/clear", Map.of());
        call("POST", "/element/" + element + "/value", Map.of("text", text));
    }

    void click(String element) throws IOException, InterruptedException {
        call("POST", "/element/" + element + "/click", Map.of());
    }

    private JsonNode call(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    @Override
    public void close() throws InterruptedException {
        try {
            call("DELETE", "", null);
        } catch (IOException e) {
            // the driver is going away anyway
        }
        driver.destroy();
        if (!driver.waitFor(10, TimeUnit.SECONDS)) {
            driver.destroyForcibly();
        }
    }
}
