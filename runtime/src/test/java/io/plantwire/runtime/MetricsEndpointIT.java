package io.plantwire.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import io.plantwire.test.support.prometheus.Exposition;
import io.plantwire.test.support.prometheus.Exposition.Format;

/**
 * Real scrapes of {@code /metrics} from the exported gateway running the reference scenario (simulated Modbus
 * devices, three tanks, MQTT and Kafka sinks against real brokers). Every body is parsed strictly
 * ({@link Exposition}); values are read from the parsed families. Access: the console account and the scrape token
 * work, nothing else does, the token opens nothing but the operations endpoints, and guessing it is throttled.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsEndpointIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final String USER = "operator";
    private static final String PASSWORD = "metrics-it-password-2026";
    private static final String TOKEN = "3b9f6c1e2a7d4f8091c5e6b7a8d9f0e1c2b3a4d5e6f70819";
    private static final List<String> DEVICES = List.of("meter-1", "meter-2", "meter-3", "temperature-reader");

    @TempDir
    static Path tmp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private DemoScenario scenario;
    private Process gateway;

    @BeforeAll
    void startScenario() throws Exception {
        scenario = DemoScenario.startBrokers(tmp);
        Path conf = Files.createDirectories(tmp.resolve("home/conf"));
        Files.writeString(conf.resolve("io.plantwire.console.access.cfg"), "username=" + USER + "\npassword="
                + PASSWORD + "\nscrape.token=" + TOKEN + "\n");
        gateway = scenario.startGateway(tmp);
    }

    @AfterAll
    void stop() throws Exception {
        if (scenario != null) {
            scenario.close();
        }
    }

    private HttpResponse<String> get(String path, String authorization, String accept)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + scenario.httpPort() + path))
                .timeout(Duration.ofSeconds(20)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Exposition scrape(String authorization) throws IOException, InterruptedException {
        HttpResponse<String> r = get("/metrics", authorization, null);
        assertThat(r.statusCode()).as("GET /metrics: %s", r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
        return Exposition.parse(r.body(), Format.PROMETHEUS_TEXT);
    }

    private static String basic() {
        return ExportedGateway.basic(USER, PASSWORD);
    }

    /** Scrapes until every device, both sinks and the tanks' stages report traffic; returns that scrape. */
    private Exposition scenarioRunning() {
        AtomicReference<Exposition> seen = new AtomicReference<>();
        await("every device polled, records delivered to MQTT and Kafka").atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .failFast("the gateway exited", () -> !gateway.isAlive()).untilAsserted(() -> {
                    Exposition e = scrape(basic());
                    for (String device : DEVICES) {
                        assertThat(e.value("plantwire_device_requests_total", "driver", "modbus", "device", device))
                                .hasValueSatisfying(v -> assertThat(v).isPositive());
                    }
                    assertThat(e.value("plantwire_sink_delivered_records_total", "sink", "uns-mqtt"))
                            .hasValueSatisfying(v -> assertThat(v).isPositive());
                    assertThat(e.value("plantwire_sink_delivered_records_total", "sink", "kafka"))
                            .hasValueSatisfying(v -> assertThat(v).isPositive());
                    seen.set(e);
                });
        return seen.get();
    }

    @Test
    @Order(1)
    void countersMoveWithTheScenario() throws Exception {
        Exposition first = scenarioRunning();
        double readings = first.value("plantwire_pipeline_readings_in_total").orElseThrow();
        double delivered = first.value("plantwire_sink_delivered_records_total", "sink", "uns-mqtt").orElseThrow();
        double polls = first.value("plantwire_device_requests_total", "driver", "modbus", "device", "meter-1")
                .orElseThrow();
        double mapped = first.value("plantwire_stage_in_total", "kind", "mapper", "stage", "tank-1-map").orElseThrow();

        await("counters move on").atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Exposition later = scrape(basic());
            assertThat(later.value("plantwire_pipeline_readings_in_total").orElseThrow()).isGreaterThan(readings);
            assertThat(later.value("plantwire_sink_delivered_records_total", "sink", "uns-mqtt").orElseThrow())
                    .isGreaterThan(delivered);
            assertThat(later.value("plantwire_device_requests_total", "driver", "modbus", "device", "meter-1")
                    .orElseThrow()).isGreaterThan(polls);
            assertThat(later.value("plantwire_stage_in_total", "kind", "mapper", "stage", "tank-1-map")
                    .orElseThrow()).isGreaterThan(mapped);
        });

        Exposition e = scrape(basic());
        // Devices: connected, with a recent good poll and round trips.
        for (String device : DEVICES) {
            assertThat(e.value("plantwire_device_last_good_poll_age_seconds", "driver", "modbus", "device", device))
                    .hasValueSatisfying(age -> assertThat(age).isBetween(0.0, 60.0));
            assertThat(e.value("plantwire_device_round_trip_max_seconds", "driver", "modbus", "device", device))
                    .hasValueSatisfying(v -> assertThat(v).isPositive());
        }
        assertThat(e.sum("plantwire_devices", "driver", "modbus")).isEqualTo(DEVICES.size());
        assertThat(e.family("plantwire_device_connection_state").samples()).hasSize(DEVICES.size() * 4);
        // Pipeline and stages: the three tank mappers, the rules, context providers and both sinks.
        assertThat(e.value("plantwire_pipeline_records_out_total").orElseThrow()).isPositive();
        for (String stage : List.of("tank-1-map", "tank-2-map", "tank-3-map")) {
            assertThat(e.value("plantwire_stage_present", "kind", "mapper", "stage", stage)).contains(1.0);
        }
        assertThat(e.value("plantwire_stage_out_total", "kind", "normalizer", "stage", "tank-rules").orElseThrow())
                .isPositive();
        assertThat(e.value("plantwire_stage_in_total", "kind", "context", "stage", "mes-sql").orElseThrow())
                .isPositive();
        assertThat(e.value("plantwire_stage_processing_seconds_total", "kind", "sink", "stage", "kafka")
                .orElseThrow()).isPositive();
        // Time per item: as many timed items as items in, for a stage that is not being handed one right now.
        assertThat(e.value("plantwire_stage_item_seconds_count", "kind", "normalizer", "stage", "tank-rules")
                .orElseThrow()).isPositive();
        // The MES lookup (SQL on H2): one entry per tank, looked up without failures.
        assertThat(e.value("plantwire_context_lookups_total", "provider", "mes-sql").orElseThrow()).isPositive();
        assertThat(e.value("plantwire_context_entries", "provider", "mes-sql")).contains(3.0);
        assertThat(e.value("plantwire_context_lookup_failures_total", "provider", "mes-sql")).contains(0.0);
        assertThat(e.value("plantwire_context_source_up", "provider", "mes-sql")).contains(1.0);
        assertThat(e.samples("plantwire_context_entries", "provider", "tank-1-static")).isEmpty();
        assertThat(e.value("plantwire_sink_connected", "sink", "uns-mqtt")).contains(1.0);
        assertThat(e.value("plantwire_sink_connected", "sink", "kafka")).contains(1.0);
        assertThat(e.value("plantwire_sink_backlog_records", "sink", "kafka")).isPresent();
        // Features, bundles, JVM.
        assertThat(e.samples("plantwire_feature_info", "feature", "chemical-tanks-demo")).singleElement()
                .satisfies(s -> assertThat(s.label("version")).isNotBlank());
        assertThat(e.value("plantwire_bundles", "state", "active").orElseThrow()).isGreaterThan(30);
        assertThat(e.value("plantwire_feature_install_refusals_total", "kind", "unsigned")).isEmpty();
        assertThat(e.sum("jvm_memory_used_bytes", "area", "heap")).isPositive();
        assertThat(e.value("process_resident_memory_bytes").orElseThrow()).isGreaterThan(10 << 20);
        assertThat(e.value("jvm_threads_current").orElseThrow()).isPositive();
        assertThat(e.value("plantwire_metrics_source_failures_total", "source", "driver")).contains(0.0);
    }

    @Test
    @Order(2)
    void openMetricsWhenAskedByAccept() throws Exception {
        scenarioRunning();
        HttpResponse<String> r = get("/metrics", basic(),
                "application/openmetrics-text; version=1.0.0; charset=utf-8,text/plain;version=0.0.4;q=0.5");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/openmetrics-text; version=1.0.0"));
        Exposition om = Exposition.parse(r.body(), Format.OPENMETRICS);
        assertThat(om.family("plantwire_device_requests").type()).isEqualTo("counter");
        assertThat(om.family("plantwire_device_connection_state").type()).isEqualTo("stateset");
        assertThat(om.family("plantwire_feature").type()).isEqualTo("info");
        assertThat(om.value("plantwire_device_requests_total", "driver", "modbus", "device", "meter-2")
                .orElseThrow()).isPositive();

        // gzip when the scraper accepts it, as Prometheus does.
        HttpResponse<byte[]> zipped = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + scenario.httpPort() + "/metrics")).header("Authorization", basic())
                .header("Accept-Encoding", "gzip").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(zipped.statusCode()).isEqualTo(200);
        assertThat(zipped.headers().firstValue("Content-Encoding")).contains("gzip");
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
            Exposition text = Exposition.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    Format.PROMETHEUS_TEXT);
            assertThat(text.value("plantwire_pipeline_readings_in_total").orElseThrow()).isPositive();
        }
    }

    @Test
    @Order(3)
    void withoutTheRightCredentialsNothing() throws Exception {
        scenarioRunning();
        HttpResponse<String> none = get("/metrics", null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().allValues("WWW-Authenticate")).anySatisfy(c -> assertThat(c).startsWith("Basic "));
        assertThat(none.body()).isEmpty();
        assertThat(get("/metrics", ExportedGateway.basic(USER, "wrong-password-123"), null).statusCode())
                .isEqualTo(401);
        assertThat(get("/metrics", ExportedGateway.basic("admin", "admin"), null).statusCode()).isEqualTo(401);
        assertThat(get("/metrics", "Bearer " + TOKEN.substring(1), null).statusCode()).isEqualTo(401);
        assertThat(get("/metrics", "Bearer", null).statusCode()).isEqualTo(401);
        assertThat(get("/metrics", "Basic %%%", null).statusCode()).isEqualTo(401);
        // Two wrong password guesses and one wrong token so far: within the burst of five, the account still works.
        assertThat(get("/metrics", basic(), null).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void theTokenOpensMetricsAndNothingElse() throws Exception {
        scenarioRunning();
        String bearer = "Bearer " + TOKEN;
        Exposition e = scrape(bearer);
        assertThat(e.value("plantwire_device_requests_total", "driver", "modbus", "device", "meter-3")
                .orElseThrow()).isPositive();
        // The console does not take the token: 401 (and it costs no attempt there).
        for (String path : List.of("/system/console/bundles", "/system/console/bundles.json",
                "/system/console/plantwire")) {
            HttpResponse<String> r = get(path, bearer, null);
            assertThat(r.statusCode()).as(path).isEqualTo(401);
        }
        // The console account still opens the console.
        assertThat(get("/system/console/bundles.json", basic(), null).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void theDocsAndTheDashboardNameOnlyMetricsThatExist() throws Exception {
        Exposition e = scenarioRunning();
        Path docs = Path.of(System.getProperty("user.dir")).resolve("../docs").normalize();
        String reference = Files.readString(docs.resolve("operations.md"));
        for (String family : e.families().keySet()) {
            if (family.startsWith("plantwire_")) {
                assertThat(reference).as("docs/operations.md documents %s", family).contains("`" + family + "`");
            }
        }
        // Every series the dashboard queries is in this scrape, but for those the scenario need not show: round
        // trips (the Modbus driver reports DeviceStatus 1.1, without the histogram), device errors (a series per
        // reason appears with the first error of that reason), refusals (nothing was refused) and the oldest
        // backlog record's age (absent while the sink's backlog is empty).
        Set<String> absentInTheScenario = Set.of("plantwire_device_round_trip_seconds_bucket",
                "plantwire_device_errors_total", "plantwire_feature_install_refusals_total",
                "plantwire_sink_oldest_record_age_seconds");
        Set<String> scraped = new HashSet<>();
        e.families().values().forEach(f -> f.samples().forEach(sample -> scraped.add(sample.name())));
        Matcher m = Pattern.compile("\\b((?:plantwire|jvm|process)_[a-z_]+)\\b").matcher(
                Files.readString(docs.resolve("grafana/plantwire-reference-scenario.json")));
        int queried = 0;
        while (m.find()) {
            queried++;
            if (!absentInTheScenario.contains(m.group(1))) {
                assertThat(scraped).as("the dashboard queries %s", m.group(1)).contains(m.group(1));
            }
        }
        assertThat(queried).isGreaterThan(30);
    }

    @Test
    @Order(99) // throttles this address for a while: last
    void guessingTheTokenIsThrottledLikeGuessingThePassword() throws Exception {
        scenarioRunning();
        int refusedWith429 = 0;
        for (int i = 0; i < 8; i++) {
            int status = get("/metrics", "Bearer guess-" + i + "-" + TOKEN.substring(12), null).statusCode();
            assertThat(status).isIn(401, 429);
            if (status == 429) {
                refusedWith429++;
            }
        }
        assertThat(refusedWith429).as("guesses answered 429 after the burst").isPositive();
        // While throttled, even the right token is answered 429 without being looked at.
        HttpResponse<String> right = get("/metrics", "Bearer " + TOKEN, null);
        assertThat(right.statusCode()).isEqualTo(429);
        assertThat(right.headers().firstValue("Retry-After")).hasValueSatisfying(
                s -> assertThat(Long.parseLong(s)).isBetween(1L, 10L));
        // It works again once the address earned an attempt back (refill 10 s by default).
        await("token accepted again after the refill").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(2)).until(() -> get("/metrics", "Bearer " + TOKEN, null)
                        .statusCode() == 200);
        assertThat(Files.readString(scenario.output())).doesNotContain(TOKEN).doesNotContain(PASSWORD);
    }
}
