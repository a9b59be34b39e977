package io.plantwire.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Properties;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.plantwire.localbrokers.LocalBrokers;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /health of the exported gateway running the reference scenario against a private Mosquitto and a KRaft Kafka:
 * healthy once the scenario runs, 503 naming the MQTT sink after the broker is stopped (the site's threshold is set
 * in conf/io.plantwire.health.cfg), healthy again after the broker is back. Requests carry the console credentials,
 * which the access guard in front of /health will ask for.
 */
class HealthProcessIT {

    /** The site's setting under test: a sink disconnected longer than this fails its check. */
    private static final int MAX_SINK_DISCONNECTED_SECONDS = 2;

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void brokerOutageTurnsHealthTo503AndBackTo200() throws Exception {
        assumeTrue(LocalBrokers.mosquittoBinary() != null, "needs Mosquitto (apt-get install -y mosquitto)");
        try (DemoScenario scenario = DemoScenario.startBrokers(dir)) {
            Path conf = Files.createDirectories(dir.resolve("home/conf"));
            Files.writeString(conf.resolve("io.plantwire.health.cfg"),
                    "maxSinkDisconnectedSeconds=" + MAX_SINK_DISCONNECTED_SECONDS + "\n");
            scenario.startGateway(dir);
            String url = "http://127.0.0.1:" + scenario.httpPort() + "/health";
            Path credentials = dir.resolve("home/data/console-credentials");

            // Start, the demo's install and broker connections take a while on a busy machine; /health is 200 already
            // before the demo is installed (nothing to check yet), so wait for its four devices and its sinks: the
            // feature starts the driver's bundle before the sinks' ones, and on a loaded machine the devices poll
            // seconds before a sink runs ("no sinks running", still 200).
            HttpResponse<String> healthy = awaitStatus(scenario, url, credentials, r -> r.statusCode() == 200
                    && r.body().contains("4 of 4 devices") && r.body().contains("sinks connected"),
                    "200 with the demo's 4 devices and its sinks connected", Duration.ofMinutes(4));
            JsonNode body = JSON.readTree(healthy.body());
            assertThat(body.get("healthy").asBoolean()).isTrue();
            assertThat(check(body, "devices").get("messages").toString()).contains("4 of 4 devices");
            String sinksBefore = check(body, "sinks").get("messages").toString();
            assertThat(sinksBefore).contains("sinks connected");

            // Measured from the moment the stop is asked: Mosquitto drops its clients before it has finished exiting.
            Instant stopped = Instant.now();
            scenario.stopMosquitto();
            HttpResponse<String> down = awaitStatus(scenario, url, credentials, r -> r.statusCode() == 503, "503",
                    Duration.ofMinutes(1));
            // Reported, not asserted: how long the outage took to show (threshold + detection + result cache).
            System.out.println("HealthProcessIT: 503 " + Duration.between(stopped, Instant.now()).toMillis()
                    + " ms after the broker stopped (maxSinkDisconnectedSeconds=" + MAX_SINK_DISCONNECTED_SECONDS + ")");
            JsonNode failed = JSON.readTree(down.body());
            assertThat(failed.get("healthy").asBoolean()).isFalse();
            JsonNode sinks = check(failed, "sinks");
            assertThat(sinks.get("status").asText()).isEqualTo("CRITICAL");
            assertThat(sinks.get("messages").toString()).contains("disconnected for",
                    "maxSinkDisconnectedSeconds=" + MAX_SINK_DISCONNECTED_SECONDS);
            assertThat(check(failed, "devices").get("status").asText()).isEqualTo("OK");

            scenario.restartMosquitto();
            HttpResponse<String> back = awaitStatus(scenario, url, credentials, r -> r.statusCode() == 200, "200",
                    Duration.ofMinutes(2));
            assertThat(JSON.readTree(back.body()).get("healthy").asBoolean()).isTrue();
        }
    }

    private HttpResponse<String> awaitStatus(DemoScenario scenario, String url, Path credentials,
            Predicate<HttpResponse<String>> condition, String what, Duration patience) {
        @SuppressWarnings("unchecked")
        HttpResponse<String>[] last = new HttpResponse[1];
        try {
            return await().atMost(patience).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> last[0] = get(url, credentials), condition::test);
        } catch (ConditionTimeoutException e) {
            String sinks;
            try {
                // What the console says about the sinks at the same moment, to tell a check from a sink problem.
                String page = get(url.replace("/health", "/system/console/plantwire/data.json"), credentials).body();
                int at = page.indexOf("\"sinks\"");
                sinks = at < 0 ? page : page.substring(at, Math.min(page.length(), at + 1500));
            } catch (Exception ex) {
                sinks = ex.toString();
            }
            throw new AssertionError("/health did not answer " + what + "; last: "
                    + (last[0] == null ? "none" : last[0].statusCode() + " " + last[0].body()) + "\nconsole: " + sinks
                    + "\ngateway:\n" + scenario.tail(40), e);
        }
    }

    private HttpResponse<String> get(String url, Path credentials) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        if (Files.exists(credentials)) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(credentials)) {
                p.load(in);
            }
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (p.getProperty("username") + ":" + p.getProperty("password")).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode check(JsonNode body, String name) {
        for (JsonNode c : body.get("checks")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + body);
    }
}
