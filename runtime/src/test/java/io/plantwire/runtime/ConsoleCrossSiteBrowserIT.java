package io.plantwire.runtime;

import static io.plantwire.runtime.ExportedGateway.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same-origin rule in a real browser against the exported gateway: headless Chromium (chromedriver) logs in
 * with Basic credentials, saves a configuration in Felix's Configuration page (works), then visits a page served
 * from another origin ({@code evil.example}, mapped to loopback) that auto-submits a form to the console (refused,
 * configuration unchanged), although the browser does send the console's credentials along with cross-site
 * navigations (shown by a cross-site link that opens the console). Skipped where Chromium or chromedriver is missing.
 */
class ConsoleCrossSiteBrowserIT {

    private static final String USER = "operator";
    private static final String PASSWORD = "tank-farm-night-shift";
    private static final String PID = "io.plantwire.console";

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private int port;

    @Test
    void theConfigurationPageSavesButAForeignPageCannot() throws Exception {
        String chromium = WebDriverSession.chromium();
        String chromedriver = WebDriverSession.chromedriver();
        assumeTrue(chromium != null && chromedriver != null, "Chromium or chromedriver not installed");

        port = ExportedGateway.freeLoopbackPort();
        String console = "http://127.0.0.1:" + port + "/system/console";
        HttpServer evil = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        try (ExportedGateway gateway = ExportedGateway.start(tmp.resolve("home"), tmp.resolve("gateway.out"),
                Map.of("PLANTWIRE_HTTP_PORT", Integer.toString(port), "PLANTWIRE_CONSOLE_USERNAME", USER,
                        "PLANTWIRE_CONSOLE_PASSWORD", PASSWORD))) {
            ConsoleHardeningIT.awaitConsole(gateway, http, "http://127.0.0.1:" + port);

            // A page from elsewhere: one form that posts a change to the console as soon as it loads, one link.
            serve(evil, "/attack", "<!DOCTYPE html><html><body><form method='POST' action='" + console
                    + "/configMgr/" + PID + "'>"
                    + "<input type='hidden' name='apply' value='true'>"
                    + "<input type='hidden' name='action' value='ajaxConfigManager'>"
                    + "<input type='hidden' name='propertylist' value='max.assets'>"
                    + "<input type='hidden' name='max.assets' value='5'></form>"
                    + "<script>document.forms[0].submit()</script></body></html>");
            serve(evil, "/link", "<!DOCTYPE html><html><body><script>location.href='" + console
                    + "/status-Configurations.txt'</script></body></html>");
            evil.start();
            String evilBase = "http://evil.example:" + evil.getAddress().getPort();

            try (WebDriverSession browser = WebDriverSession.start(chromedriver, chromium, tmp.resolve("profile"),
                    tmp.resolve("chromedriver.log"), List.of("--host-resolver-rules=MAP evil.example 127.0.0.1"))) {
                // The operator logs in (credentials in the address: the browser keeps them for the console's origin)
                // and saves the Plantwire console configuration in Felix's Configuration page.
                browser.open("http://" + USER + ":" + PASSWORD + "@127.0.0.1:" + port + "/system/console/configMgr/"
                        + PID);
                String field = awaitElement(browser, "#editorForm [name='max.assets']");
                browser.clearAndType(field, "77");
                String save = awaitXpath(browser,
                        "//div[contains(@class,'ui-dialog-buttonpane')]//button[normalize-space()='Save']");
                browser.click(save);
                await().atMost(Duration.ofSeconds(30)).until(() -> configuration().contains("max.assets = 77"));

                // A foreign page auto-submits a change: the browser posts it with the console's credentials ...
                browser.open(evilBase + "/attack");
                await().atMost(Duration.ofSeconds(30)).until(() -> browser.bodyText()
                        .contains("Refused: cross-site request to the Plantwire console"));
                assertThat(browser.currentUrl()).isEqualTo(console + "/configMgr/" + PID);
                // ... and the console refused it: the answer is in, so nothing can still change.
                assertThat(configuration()).contains("max.assets = 77").doesNotContain("max.assets = 5");
                assertThat(gateway.output()).contains("Web Console refused POST /system/console/configMgr/" + PID
                        + " from 127.0.0.1: Origin '" + evilBase + "' is not this console's origin");

                // The browser does carry the credentials across sites (a plain link opens the console), so it is
                // the origin check, not a missing login, that stopped the form.
                browser.open(evilBase + "/link");
                await().atMost(Duration.ofSeconds(30)).until(() -> browser.bodyText().contains("max.assets = 77"));
            }
        } finally {
            evil.stop(0);
        }
    }

    private String configuration() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + port + "/system/console/status-Configurations.txt")).header("Authorization",
                basic(USER, PASSWORD)).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        String body = r.body();
        int at = body.indexOf("PID = " + PID + "\n");
        if (at < 0) {
            at = body.indexOf("PID = " + PID + "\r\n");
        }
        if (at < 0) {
            return "";
        }
        int end = body.indexOf("\nPID = ", at + 1);
        return body.substring(at, end < 0 ? body.length() : end);
    }

    private static String awaitElement(WebDriverSession browser, String css) throws Exception {
        String[] found = new String[1];
        try {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(IOException.class)
                    .until(() -> (found[0] = browser.find(css)) != null);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no " + css + " on " + browser.currentUrl() + ":\n" + browser.bodyText(), e);
        }
        return found[0];
    }

    private static String awaitXpath(WebDriverSession browser, String xpath) {
        String[] found = new String[1];
        await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> (found[0] = browser.findByXpath(xpath)) != null);
        return found[0];
    }

    private static void serve(HttpServer server, String path, String html) {
        server.createContext(path, exchange -> {
            byte[] body = html.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html;charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }
}
