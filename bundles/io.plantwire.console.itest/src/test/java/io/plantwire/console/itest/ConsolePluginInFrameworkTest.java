package io.plantwire.console.itest;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantwire.api.driver.ConnectionState;
import io.plantwire.api.driver.DeviceStatus;
import io.plantwire.api.driver.DeviceWriteException;
import io.plantwire.api.driver.Driver;
import io.plantwire.api.driver.ReadingIntake;
import io.plantwire.api.driver.WriteRequest;
import io.plantwire.api.driver.WriteResult;
import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.DeviceReading;
import io.plantwire.api.model.FieldValue;
import io.plantwire.api.model.Isa95Path;
import io.plantwire.api.model.PointSample;
import io.plantwire.api.model.Value;
import io.plantwire.api.pipeline.PipelineMetrics;
import io.plantwire.api.pipeline.PipelineStatus;
import io.plantwire.api.stage.Mapper;
import io.plantwire.api.stage.Sink;
import io.plantwire.api.stage.StageProperties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.annotation.Property;
import org.osgi.test.common.annotation.config.WithConfiguration;
import org.osgi.test.junit5.cm.ConfigurationExtension;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The console bundle in Felix with the real Web Console 5 on Jetty 12 and the real pipeline; the test plays a
 * driver and a mapper and talks HTTP to the console over loopback, as a browser would.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class, ConfigurationExtension.class})
class ConsolePluginInFrameworkTest {

    /** Credentials set for the console's own basic authentication in test.bndrun. */
    private static final String USER = "operator";
    private static final String PASSWORD = "plant-floor-test-2026";
    private static final String HOSTILE = "</script><img src=x onerror=alert(1)>";
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Isa95Path TANK_1 = Isa95Path.parse("acme/rotterdam/tankfarm/line-1/cell-a/tank-1");

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    ReadingIntake intake;

    @InjectService(timeout = 10_000)
    PipelineMetrics metrics;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private URI root;

    @BeforeEach
    void findJetty() throws Exception {
        root = URI.create(ConsoleEndpoint.await(context, PATIENCE));
    }

    @AfterEach
    void unregister() {
        registrations.forEach(ServiceRegistration::unregister);
    }

    @Test
    void theJsonIsServedOnlyToTheConsoleUser() throws Exception {
        await("console answers for the plugin", () -> get("system/console/plantwire/data.json", true),
                r -> r.statusCode() == 200);

        HttpResponse<String> anonymous = get("system/console/plantwire/data.json", false);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain("\"devices\"");

        HttpResponse<String> wrong = send(HttpRequest.newBuilder(root.resolve("system/console/plantwire/data.json"))
                .header("Authorization", basic(USER, "admin")).build());
        assertThat(wrong.statusCode()).isEqualTo(401);

        HttpResponse<String> ok = get("system/console/plantwire/data.json", true);
        assertThat(ok.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/json"));
        assertThat(ok.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(ok.headers().allValues("Cache-Control")).anySatisfy(v -> assertThat(v).contains("no-store"));
    }

    @Test
    void theJsonIsNotPublishedOutsideTheConsole() throws Exception {
        await("console answers for the plugin", () -> get("system/console/plantwire/data.json", true),
                r -> r.statusCode() == 200);
        // Only the console's servlet serves the plugin; nothing registers it with the HTTP whiteboard.
        assertThat(get("plantwire/data.json", true).statusCode()).isEqualTo(404);
        assertThat(get("plantwire", true).statusCode()).isEqualTo(404);
    }

    @Test
    // Every record a trend point (the default spacing of 250 ms would keep one of two records submitted at once);
    // the spacing itself is LatestRecordSinkTest's.
    @WithConfiguration(pid = "io.plantwire.console", properties = {
        @Property(key = "trend.spacing.ms", value = "0", scalar = Property.Scalar.Integer)})
    void showsDevicesPipelineSinksAndAssetsLive() throws Exception {
        // The configuration reaches the sink asynchronously; a first record that came before it was spaced 250 ms
        // from an earlier test's last point and left out of the trend (seen once in CI).
        awaitSinkProperty("trend.spacing.ms", "0");
        register(Driver.class, new TestDriver(), "component.name", "test-modbus");
        register(Mapper.class, new TankMapper(), StageProperties.STAGE_NAME, "tank-map");
        Instant t0 = Instant.now();
        assertThat(intake.submit(reading(t0, 42.5))).isTrue();
        assertThat(intake.submit(reading(t0.plusSeconds(1), 43.0))).isTrue();

        JsonNode data = awaitJson(d -> tank1(d) != null && tank1(d).get("updates").asLong() >= 2
                && d.get("devices").size() == 1);

        JsonNode device = data.get("devices").get(0);
        assertThat(device.get("deviceId").asText()).isEqualTo("meter-1");
        assertThat(device.get("state").asText()).isEqualTo("CONNECTED");
        assertThat(device.get("lastError").asText()).isEqualTo(HOSTILE);
        assertThat(device.get("requests").asLong()).isEqualTo(2);

        JsonNode power = tank1(data).get("fields").get(0);
        assertThat(power.get("name").asText()).isEqualTo("power");
        assertThat(power.get("value").asText()).isEqualTo("43.0");
        assertThat(power.get("unit").asText()).isEqualTo("kW");
        assertThat(power.get("quality").get("status").asText()).isEqualTo("GOOD");
        // The console sink lives as long as the framework: earlier tests may have left points before these.
        assertThat(power.get("trend").get("values")).extracting(JsonNode::asDouble).endsWith(42.5, 43.0);

        List<String> stages = new ArrayList<>();
        data.get("pipeline").get("stages").forEach(s -> stages.add(s.get("kind").asText() + ":" + s.get("name").asText()));
        assertThat(stages).contains("MAPPER:tank-map", "SINK:console-latest");
        assertThat(data.get("pipeline").get("readingsIn").asLong()).isGreaterThanOrEqualTo(2);

        JsonNode consoleSink = null;
        for (JsonNode s : data.get("sinks")) {
            if (s.get("name").asText().equals("console-latest")) {
                consoleSink = s;
            }
        }
        assertThat(consoleSink).isNotNull();
        assertThat(consoleSink.get("delivered").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(consoleSink.get("connected").asBoolean()).isTrue();
    }

    @Test
    // Every record a trend point (the default spacing of 250 ms would keep one of two records submitted at once);
    // the spacing itself is LatestRecordSinkTest's.
    @WithConfiguration(pid = "io.plantwire.console", properties = {
        @Property(key = "trend.spacing.ms", value = "0", scalar = Property.Scalar.Integer)})
    void aPollWithTheCursorGetsOnlyNewTrendPointsThroughTheConsole() throws Exception {
        register(Mapper.class, new TankMapper(), StageProperties.STAGE_NAME, "tank-map");
        Instant t0 = Instant.now();
        assertThat(intake.submit(reading(t0, 10.5))).isTrue();
        JsonNode first = awaitJson(d -> tank1(d) != null).get("assets");
        String store = first.get("storeId").asText();
        long cursor = first.get("cursor").asLong();

        assertThat(intake.submit(reading(t0.plusSeconds(1), 50.25))).isTrue();
        HttpResponse<String> poll = get("system/console/plantwire/data.json?store=" + store + "&since=" + cursor,
                true);
        assertThat(poll.statusCode()).isEqualTo(200);
        JsonNode trend = tank1(parse(poll.body())).get("fields").get(0).get("trend");
        assertThat(trend.get("full").asBoolean()).isFalse();
        assertThat(trend.get("values")).extracting(JsonNode::asDouble).containsExactly(50.25);
    }

    @Test
    void thePageRendersInsideTheConsoleWithItsOwnScript() throws Exception {
        HttpResponse<String> page = await("plugin page", () -> get("system/console/plantwire", true),
                r -> r.statusCode() == 200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body())
                .contains("id='plantwire-console'")
                .contains("data-json-url='/system/console/plantwire/data.json'")
                .contains("/system/console/plantwire/res/console.js")
                .contains("/system/console/plantwire/res/console.css")
                // the console's own navigation lists the page
                .contains("Plantwire");

        HttpResponse<String> script = get("system/console/plantwire/res/console.js", true);
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.body()).contains("textContent").doesNotContain("innerHTML =");
        assertThat(get("system/console/plantwire/res/console.css", true).statusCode()).isEqualTo(200);
        // Only the two named files come out of the bundle, whatever the path says.
        assertThat(get("system/console/plantwire/res/io/plantwire/console/internal/Html.class", true).body())
                .doesNotContain("Html.java");
        assertThat(get("system/console/plantwire/res/console.js", false).statusCode()).isEqualTo(401);
    }

    @Test
    @WithConfiguration(pid = "io.plantwire.console", properties = {
        @Property(key = "refresh.interval.ms", value = "750", scalar = Property.Scalar.Integer),
        @Property(key = "max.assets", value = "7", scalar = Property.Scalar.Integer)})
    void configurationReachesThePage() throws Exception {
        JsonNode data = awaitJson(d -> d.get("refreshIntervalMs").asInt() == 750);
        assertThat(data.get("assets").get("max").asInt()).isEqualTo(7);
        assertThat(get("system/console/plantwire", true).body()).contains("data-refresh-ms='750'");
    }

    @Test
    @WithConfiguration(pid = "io.plantwire.console", properties = {
        @Property(key = "max.assets", value = "0", scalar = Property.Scalar.Integer)})
    void anInvalidConfigurationTakesThePageAwayAndNothingElse() throws Exception {
        await("plugin gone", () -> get("system/console/plantwire/data.json", true), r -> r.statusCode() == 404);
        // The console itself and the pipeline go on.
        assertThat(get("system/console/bundles", true).statusCode()).isEqualTo(200);
        assertThat(intake.submit(reading(Instant.now(), 1.0))).isTrue();
    }

    @Test
    @WithConfiguration(pid = "io.plantwire.console", properties = {
        @Property(key = StageProperties.ASSET_SELECTOR, value = "acme/**/tank-9")})
    void anAssetSelectorInTheConfigurationNarrowsWhatTheConsoleSinkTakes() throws Exception {
        register(Mapper.class, new TankMapper(), StageProperties.STAGE_NAME, "tank-map");
        awaitSinkProperty(StageProperties.ASSET_SELECTOR, "acme/**/tank-9");
        // The registration shows the new property before the framework has told the pipeline (listeners are called
        // after the properties change), so a reading right away may still take the old route: submit until one
        // reaches no sink. The pipeline hands records to sinks before submit returns.
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        boolean unrouted = false;
        while (!unrouted && System.nanoTime() < deadline) {
            PipelineStatus before = metrics.status();
            assertThat(intake.submit(reading(Instant.now(), 7.0))).isTrue();
            unrouted = metrics.status().unrouted() == before.unrouted() + 1;
            if (!unrouted) {
                Thread.sleep(50);
            }
        }
        assertThat(unrouted).as("a tank-1 reading reaches no sink once the selector is applied").isTrue();
        // and it stays that way
        PipelineStatus before = metrics.status();
        assertThat(intake.submit(reading(Instant.now(), 8.0))).isTrue();
        assertThat(metrics.status().unrouted()).isEqualTo(before.unrouted() + 1);
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private static DeviceReading reading(Instant at, double kw) {
        return DeviceReading.builder("meter-1", at)
                .point("activePower", new PointSample(Value.of(kw), io.plantwire.api.model.Quality.GOOD, at, "kW"))
                .build();
    }

    private static JsonNode tank1(JsonNode data) {
        for (JsonNode a : data.get("assets").get("items")) {
            if (a.get("path").asText().equals(TANK_1.toString())) {
                return a;
            }
        }
        return null;
    }

    private JsonNode awaitJson(Predicate<JsonNode> until) throws Exception {
        HttpResponse<String> r = await("console JSON", () -> get("system/console/plantwire/data.json", true),
                x -> x.statusCode() == 200 && until.test(parse(x.body())));
        return parse(r.body());
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private static HttpResponse<String> await(String what, HttpPolling.Call call,
            Predicate<HttpResponse<String>> until) throws Exception {
        return HttpPolling.await(what, PATIENCE, call, until);
    }

    private HttpResponse<String> get(String path, boolean authenticated) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(root.resolve(path)).timeout(Duration.ofSeconds(10));
        if (authenticated) {
            b.header("Authorization", basic(USER, PASSWORD));
        }
        return send(b.build());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Configuration reaches the sink's service properties asynchronously. */
    private void awaitSinkProperty(String key, String value) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            for (ServiceReference<Sink> ref : context.getServiceReferences(Sink.class,
                    "(" + StageProperties.STAGE_NAME + "=console-latest)")) {
                if (value.equals(ConsoleEndpoint.first(ref.getProperty(key)))) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("console-latest never got " + key + "=" + value);
    }


    private <T> void register(Class<T> type, T service, String... props) {
        Dictionary<String, Object> d = new Hashtable<>();
        for (int i = 0; i < props.length; i += 2) {
            d.put(props[i], props[i + 1]);
        }
        registrations.add(context.registerService(type, service, d));
    }

    /** Maps meter-1's activePower onto tank-1's power field, as the reference scenario's mapper does. */
    private static final class TankMapper implements Mapper {
        @Override
        public void map(DeviceReading reading, java.util.function.Consumer<AssetRecord> out) {
            PointSample p = reading.point("activePower");
            if (!reading.deviceId().equals("meter-1") || p == null) {
                return;
            }
            out.accept(AssetRecord.builder(TANK_1, "ChemicalTank", p.sourceTime())
                    .field("power", FieldValue.from(p, "kW")).build());
        }
    }

    /** A driver that reports one connected meter whose last error text is hostile markup. */
    private static final class TestDriver implements Driver {
        @Override
        public String driverType() {
            return "modbus";
        }

        @Override
        public List<DeviceStatus> deviceStatus() {
            return List.of(new DeviceStatus("meter-1", "modbus", "tcp://127.0.0.1:5020 unit 1",
                    ConnectionState.CONNECTED, Instant.now(), HOSTILE, Instant.now(), 2, 0, 310, 300, 900));
        }

        @Override
        public CompletionStage<WriteResult> write(WriteRequest request) {
            return CompletableFuture.failedFuture(new DeviceWriteException("read-only test driver"));
        }
    }
}
