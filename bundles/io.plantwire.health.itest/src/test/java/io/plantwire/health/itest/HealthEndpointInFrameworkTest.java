package io.plantwire.health.itest;

import static io.plantwire.health.itest.Fixture.HEALTH_PID;
import static io.plantwire.health.itest.Fixture.WAIT;
import static io.plantwire.health.itest.Fixture.configure;
import static io.plantwire.health.itest.Fixture.delete;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.plantwire.api.stage.SinkStatus;
import io.plantwire.test.support.FileTrees;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * {@code /health} over loopback on the real Jetty 12 servlet whiteboard: status codes, the JSON body parsed with
 * Jackson, narrowing by tags, and hostile query strings.
 */
class HealthEndpointInFrameworkTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The gateway's access guard (console credentials) will sit in front of /health; the tests already send them. */
    private static final String AUTHORIZATION = "Basic "
            + Base64.getEncoder().encodeToString("operator:plant-floor-test-2026".getBytes(StandardCharsets.UTF_8));

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin admin;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private String base;

    /** The servlet's own configuration: its whiteboard properties can be overridden there. */
    private static final String ENDPOINT_PID = "io.plantwire.health.endpoint";

    private Path dataDirectory;

    @BeforeEach
    void endpoint() throws Exception {
        // This test is about the servlet, not the gateway's access guard (which is not in this framework): it puts
        // /health on the default context explicitly, so it keeps testing the servlet when the gateway's default
        // moves /health behind the guard's context (plantwire.operations).
        configure(admin, ENDPOINT_PID, Map.of("osgi.http.whiteboard.context.select",
                "(osgi.http.whiteboard.context.name=default)"));
        dataDirectory = Files.createTempDirectory("plantwire-health-data");
        configure(admin, HEALTH_PID, Map.of("minFreeDiskBytes", 0L, "maxSinkDisconnectedSeconds", 0L,
                "dataDirectory", dataDirectory.toString()));
        base = await().atMost(WAIT).until(this::announcedEndpoint, e -> e != null);
        await().atMost(WAIT).ignoreExceptions().until(() -> get("/health").statusCode() != 404);
    }

    @AfterEach
    void cleanUp() throws Exception {
        registrations.forEach(ServiceRegistration::unregister);
        delete(admin, HEALTH_PID);
        delete(admin, ENDPOINT_PID);
        FileTrees.deleteQuietly(dataDirectory);
    }

    @Test
    void answers200WithEveryCheckWhenAllPassAnd503WhenOneFails() throws Exception {
        HttpResponse<String> ok = await().atMost(WAIT).until(() -> get("/health"), r -> r.statusCode() == 200);
        assertThat(ok.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(ok.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = JSON.readTree(ok.body());
        assertThat(body.get("healthy").asBoolean()).isTrue();
        assertThat(names(body)).containsExactly("devices", "features", "pipeline", "sinks", "store");
        for (JsonNode c : body.get("checks")) {
            assertThat(c.get("status").asText()).isIn("OK", "WARN");
            assertThat(c.get("messages").isArray()).isTrue();
            assertThat(c.get("tags").toString()).contains("plantwire");
        }

        Fixture.TestSink sink = new Fixture.TestSink();
        sink.status = new SinkStatus(false, 3, 0, 0, "connection refused", null, Instant.now());
        registrations.add(sink.register(context, "uns-down"));
        HttpResponse<String> down = await().atMost(WAIT).until(() -> get("/health"), r -> r.statusCode() == 503);
        JsonNode failed = JSON.readTree(down.body());
        assertThat(failed.get("healthy").asBoolean()).isFalse();
        assertThat(failed.get("status").asText()).isEqualTo("CRITICAL");
        assertThat(check(failed, "sinks").get("messages").toString()).contains("sink uns-down", "connection refused");

        // HEAD for load balancers: the same status, no body.
        HttpResponse<String> head = http.send(request("/health").method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(503);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void tagsNarrowTheVerdictToTheirChecks() throws Exception {
        Fixture.TestSink sink = new Fixture.TestSink();
        sink.status = new SinkStatus(false, 0, 0, 0, "", null, null);
        registrations.add(sink.register(context, "uns-down"));
        await().atMost(WAIT).until(() -> get("/health").statusCode() == 503);

        HttpResponse<String> devices = get("/health?tags=devices,store");
        assertThat(devices.statusCode()).isEqualTo(200);
        assertThat(names(JSON.readTree(devices.body()))).containsExactly("devices", "store");
        assertThat(get("/health?tags=sinks").statusCode()).isEqualTo(503);
    }

    @Test
    void hostileQueriesGet400NamingWhatWasWrong() throws Exception {
        assertBadRequest("/health?tags=nope", "unknown check tag(s) [nope]");
        assertBadRequest("/health?tags=devices,%3Cscript%3Ealert(1)%3C/script%3E", "item 2 of 2 is not a tag");
        assertBadRequest("/health?tags=devices%0d%0aSet-Cookie:x", "item 1 of 1 is not a tag");
        assertBadRequest("/health?tags=devices&tags=sinks", "given 2 times");
        assertBadRequest("/health?tags=" + "a,".repeat(150) + "a", "at most 200");
        assertBadRequest("/health?tags=", "item 1 of 1 is empty");
        HttpResponse<String> post = http.send(request("/health").POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        // The endpoint still answers normally afterwards.
        assertThat(get("/health").statusCode()).isIn(200, 503);
    }

    private void assertBadRequest(String path, String expected) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path).isEqualTo(400);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("error").asText()).as(path).contains(expected);
        assertThat(r.body()).doesNotContain("<script>");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path.substring(1))).timeout(Duration.ofSeconds(10))
                .header("Authorization", AUTHORIZATION);
    }

    private static List<String> names(JsonNode body) {
        List<String> names = new ArrayList<>();
        body.get("checks").forEach(c -> names.add(c.get("name").asText()));
        return names;
    }

    private static JsonNode check(JsonNode body, String name) {
        for (JsonNode c : body.get("checks")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + body);
    }

    /** Jetty binds a free port (org.osgi.service.http.port=0) and announces it on its HttpServiceRuntime. */
    private String announcedEndpoint() throws Exception {
        ServiceReference<?>[] refs = context.getAllServiceReferences(
                "org.osgi.service.servlet.runtime.HttpServiceRuntime", null);
        if (refs == null) {
            return null;
        }
        for (ServiceReference<?> ref : refs) {
            Object value = ref.getProperty("osgi.http.endpoint");
            String endpoint = value instanceof String s ? s
                    : value instanceof String[] a && a.length > 0 ? a[0]
                    : value instanceof Collection<?> c && !c.isEmpty() ? String.valueOf(c.iterator().next()) : null;
            if (endpoint != null && !endpoint.endsWith(":0/")) {
                return endpoint.endsWith("/") ? endpoint : endpoint + "/";
            }
        }
        return null;
    }
}
