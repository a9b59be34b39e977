package io.plantwire.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;

import io.plantwire.api.driver.ConnectionState;
import io.plantwire.api.driver.DeviceStatus;
import io.plantwire.api.driver.Driver;
import io.plantwire.api.driver.RoundTripHistogram;
import io.plantwire.api.model.Quality;
import io.plantwire.api.driver.WriteRequest;
import io.plantwire.api.driver.WriteResult;
import io.plantwire.api.pipeline.PipelineMetrics;
import io.plantwire.api.pipeline.PipelineStatus;
import io.plantwire.api.pipeline.StageCounters;
import io.plantwire.api.pipeline.StageKind;
import io.plantwire.api.pipeline.StageTimeHistogram;
import io.plantwire.api.stage.ContextProvider;
import io.plantwire.api.stage.ContextStatus;
import io.plantwire.api.stage.Sink;
import io.plantwire.api.stage.SinkDropReason;
import io.plantwire.api.stage.SinkStatus;
import io.plantwire.api.stage.StageProperties;
import io.plantwire.test.support.prometheus.Exposition;
import io.plantwire.test.support.prometheus.Exposition.Format;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

class GatewayMetricsTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final ExpositionFormats formats = ExpositionFormats.init();

    /** A driver serving the given statuses; a status list of null makes deviceStatus() throw. */
    record FixedDriver(String driverType, List<DeviceStatus> statuses) implements Driver {
        @Override
        public List<DeviceStatus> deviceStatus() {
            if (statuses == null) {
                throw new IllegalStateException("driver broken");
            }
            return statuses;
        }

        @Override
        public CompletionStage<WriteResult> write(WriteRequest request) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException());
        }
    }

    record FixedPipeline(PipelineStatus status, List<StageCounters> stages) implements PipelineMetrics {
    }

    record FixedSink(SinkStatus status) implements Sink {
        @Override
        public void accept(io.plantwire.api.model.AssetRecord record) {
        }
    }

    static DeviceStatus device(String id, ConnectionState state, long requests, long errors, Instant lastGood) {
        return new DeviceStatus(id, "modbus", "tcp://127.0.0.1:502 unit 1", state, lastGood, "", null, requests,
                errors, 1500, 1200, 25_000);
    }

    /** {@code fast} items of at most 10 µs, {@code slow} of 50 ms. */
    static StageTimeHistogram itemTimes(long fast, long slow) {
        long[] counts = new long[StageTimeHistogram.BUCKETS];
        counts[StageTimeHistogram.bucketOf(10_000)] = fast;
        counts[StageTimeHistogram.bucketOf(50_000_000)] = slow;
        return StageTimeHistogram.of(counts);
    }

    private Exposition scrape(GatewayMetrics metrics, GatewayMetrics.Sources sources, Format format)
            throws IOException {
        MetricSnapshots snapshots = metrics.scrape(sources);
        String accept = format == Format.OPENMETRICS ? "application/openmetrics-text; version=1.0.0" : "text/plain";
        byte[] body = MetricsEndpoint.render(formats.findWriter(accept), snapshots, false);
        return Exposition.parse(new String(body, StandardCharsets.UTF_8), format);
    }

    private static GatewayMetrics.Sources sources(List<Driver> drivers, PipelineMetrics pipeline,
            List<Map.Entry<Map<String, Object>, Sink>> sinks) {
        return new GatewayMetrics.Sources(drivers, pipeline, sinks, List.of(), null, null, null);
    }

    @Test
    void devicesPipelineStagesAndSinksInBothFormats() throws IOException {
        Driver modbus = new FixedDriver("modbus", List.of(
                device("meter-1", ConnectionState.CONNECTED, 120, 3, NOW.minusMillis(1500)),
                device("reader", ConnectionState.DISCONNECTED, 40, 40, null)));
        PipelineMetrics pipeline = new FixedPipeline(new PipelineStatus(100, 98, 90, 2, 1000, 1, 4, 5,
                List.of("rules"), 2048, 1 << 20), List.of(
                        new StageCounters(StageKind.MAPPER, "tanks", true, 98, 294, 0, 0, 0, 2_000_000_000L,
                                itemTimes(90, 8)),
                        new StageCounters(StageKind.SINK, "uns", true, 290, 290, 0, 1, 0, 500_000_000L)));
        List<Map.Entry<Map<String, Object>, Sink>> sinks = List.of(
                Map.entry(Map.of(StageProperties.STAGE_NAME, "uns", "service.id", 7L),
                        new FixedSink(new SinkStatus(true, 12, 278, 2, "", NOW.minusSeconds(2),
                                NOW.minusSeconds(7)))));
        GatewayMetrics metrics = new GatewayMetrics(100, false, clock);

        for (Format format : Format.values()) {
            Exposition e = scrape(metrics, sources(List.of(modbus), pipeline, sinks), format);
            assertThat(e.value("plantwire_device_requests_total", "driver", "modbus", "device", "meter-1"))
                    .contains(120.0);
            assertThat(e.value("plantwire_device_errors_total", "driver", "modbus", "device", "reader",
                    "reason", "unspecified")).contains(40.0);
            assertThat(e.value("plantwire_device_last_good_poll_age_seconds", "driver", "modbus", "device",
                    "meter-1")).contains(1.5);
            assertThat(e.samples("plantwire_device_last_good_poll_age_seconds", "device", "reader")).isEmpty();
            assertThat(e.value("plantwire_device_round_trip_max_seconds", "driver", "modbus", "device", "meter-1"))
                    .contains(0.025);
            assertThat(e.value("plantwire_device_connection_state", "driver", "modbus", "device", "meter-1",
                    "plantwire_device_connection_state", "connected")).contains(1.0);
            assertThat(e.value("plantwire_device_connection_state", "driver", "modbus", "device", "meter-1",
                    "plantwire_device_connection_state", "disconnected")).contains(0.0);
            assertThat(e.value("plantwire_devices", "driver", "modbus", "state", "disconnected")).contains(1.0);

            assertThat(e.value("plantwire_pipeline_readings_in_total")).contains(100.0);
            assertThat(e.value("plantwire_pipeline_readings_dropped_total", "reason", "overflow_rejected"))
                    .contains(4.0);
            assertThat(e.value("plantwire_pipeline_records_unrouted_total")).contains(5.0);
            assertThat(e.value("plantwire_pipeline_held_bytes")).contains(2048.0);
            assertThat(e.value("plantwire_pipeline_missing_required_stages")).contains(1.0);
            assertThat(e.value("plantwire_stage_out_total", "kind", "mapper", "stage", "tanks")).contains(294.0);
            assertThat(e.value("plantwire_stage_processing_seconds_total", "kind", "mapper", "stage", "tanks"))
                    .contains(2.0);
            assertThat(e.value("plantwire_stage_failed_total", "kind", "sink", "stage", "uns")).contains(1.0);
            assertThat(e.value("plantwire_stage_item_seconds_bucket", "kind", "mapper", "stage", "tanks", "le",
                    "1.0E-5")).contains(90.0);
            assertThat(e.value("plantwire_stage_item_seconds_bucket", "kind", "mapper", "stage", "tanks", "le",
                    "+Inf")).contains(98.0);
            assertThat(e.value("plantwire_stage_item_seconds_sum", "kind", "mapper", "stage", "tanks")).contains(2.0);
            // A stage the pipeline has not timed (API 1.2 counters) has no histogram.
            assertThat(e.samples("plantwire_stage_item_seconds_count", "stage", "uns")).isEmpty();

            assertThat(e.value("plantwire_sink_backlog_records", "sink", "uns")).contains(12.0);
            assertThat(e.value("plantwire_sink_delivered_records_total", "sink", "uns")).contains(278.0);
            assertThat(e.value("plantwire_sink_connected", "sink", "uns")).contains(1.0);
            assertThat(e.value("plantwire_sink_last_delivery_age_seconds", "sink", "uns")).contains(2.0);
            assertThat(e.value("plantwire_sink_oldest_record_age_seconds", "sink", "uns")).contains(7.0);
            // An early 1.2 status (positional constructor): drops not attributed, no bytes, no dead letters.
            assertThat(e.samples("plantwire_sink_dropped_records_total", "sink", "uns")).singleElement()
                    .satisfies(x -> assertThat(x.labels()).containsEntry("reason", "unspecified"))
                    .satisfies(x -> assertThat(x.value()).isEqualTo(2.0));
            assertThat(e.samples("plantwire_sink_backlog_bytes", "sink", "uns")).isEmpty();
            assertThat(e.samples("plantwire_sink_dead_letter_records", "sink", "uns")).isEmpty();
            assertThat(e.samples("plantwire_sink_dead_lettered_records_total", "sink", "uns")).isEmpty();
            assertThat(e.value("plantwire_metrics_folded_series", "kind", "device")).contains(0.0);
        }
    }

    @Test
    void sinkBacklogBytesDropsByReasonAndDeadLettersFromApi12() throws IOException {
        SinkStatus status = SinkStatus.builder().connected(false).backlog(40, 65_536)
                .oldestRecordTime(NOW.minusSeconds(30)).delivered(900, NOW.minusSeconds(31))
                .dropped(SinkDropReason.STORE_FULL_DROP_OLDEST, 5).dropped(SinkDropReason.STORE_FULL_REJECT_NEW, 0)
                .dropped(SinkDropReason.REFUSED, 3).dropped(9) // one drop the sink does not attribute
                .deadLetters(2, 3).lastError("broker refused").build();
        List<Map.Entry<Map<String, Object>, Sink>> sinks = List.of(
                Map.entry(Map.of(StageProperties.STAGE_NAME, "kafka"), new FixedSink(status)));

        for (Format format : Format.values()) {
            Exposition e = scrape(new GatewayMetrics(10, false, clock), sources(List.of(), null, sinks), format);
            assertThat(e.value("plantwire_sink_backlog_records", "sink", "kafka")).contains(40.0);
            assertThat(e.value("plantwire_sink_backlog_bytes", "sink", "kafka")).contains(65_536.0);
            assertThat(e.family("plantwire_sink_backlog_bytes").type()).isEqualTo("gauge");
            assertThat(e.value("plantwire_sink_oldest_record_age_seconds", "sink", "kafka")).contains(30.0);
            assertThat(e.value("plantwire_sink_connected", "sink", "kafka")).contains(0.0);
            assertThat(e.value("plantwire_sink_delivered_records_total", "sink", "kafka")).contains(900.0);
            assertThat(e.value("plantwire_sink_dropped_records_total", "sink", "kafka", "reason",
                    "store_full_drop_oldest")).contains(5.0);
            assertThat(e.value("plantwire_sink_dropped_records_total", "sink", "kafka", "reason",
                    "store_full_reject_new")).contains(0.0); // counted, so present before the first drop
            assertThat(e.value("plantwire_sink_dropped_records_total", "sink", "kafka", "reason", "refused"))
                    .contains(3.0);
            assertThat(e.value("plantwire_sink_dropped_records_total", "sink", "kafka", "reason", "unspecified"))
                    .contains(1.0);
            assertThat(e.sum("plantwire_sink_dropped_records_total", "sink", "kafka")).isEqualTo(9.0);
            assertThat(e.value("plantwire_sink_dead_letter_records", "sink", "kafka")).contains(2.0);
            assertThat(e.family("plantwire_sink_dead_letter_records").type()).isEqualTo("gauge");
            assertThat(e.value("plantwire_sink_dead_lettered_records_total", "sink", "kafka")).contains(3.0);
        }
    }

    @Test
    void pastTheCapSinksFoldIntoOtherWithTheirDropsByReason() throws IOException {
        List<Map.Entry<Map<String, Object>, Sink>> sinks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sinks.add(Map.entry(Map.of(StageProperties.STAGE_NAME, "sink-" + i), new FixedSink(SinkStatus.builder()
                    .dropped(SinkDropReason.REFUSED, 1).dropped(SinkDropReason.STORE_FULL_DROP_OLDEST, 10).build())));
        }
        Exposition e = scrape(new GatewayMetrics(2, false, clock), sources(List.of(), null, sinks),
                Format.PROMETHEUS_TEXT);

        assertThat(e.value("plantwire_sink_dropped_records_total", "sink", "_other", "reason", "refused"))
                .contains(2.0);
        assertThat(e.value("plantwire_sink_dropped_records_total", "sink", "_other", "reason",
                "store_full_drop_oldest")).contains(20.0);
        assertThat(e.sum("plantwire_sink_dropped_records_total")).isEqualTo(44.0);
        assertThat(e.samples("plantwire_sink_dropped_records_total").stream().map(x -> x.label("reason")))
                .allMatch(r -> List.of("store_full_drop_oldest", "store_full_reject_new", "refused", "unspecified")
                        .contains(r));
    }

    @Test
    void roundTripHistogramAndErrorsByReasonFromApi12() throws IOException {
        long[] counts = new long[RoundTripHistogram.BUCKETS];
        counts[RoundTripHistogram.bucketOf(800)] = 5; // five round trips of 0.8 ms: le=0.001
        counts[RoundTripHistogram.bucketOf(40_000)] = 2; // two of 40 ms: le=0.05
        counts[RoundTripHistogram.BUCKETS - 1] = 1; // one above 10 s
        DeviceStatus status = DeviceStatus.builder("meter-9", "line").state(ConnectionState.CONNECTED)
                .requests(12).errors(Quality.Reason.TIMEOUT, 3).errors(Quality.Reason.DISCONNECTED, 1)
                .maxRoundTripMicros(11_000_000).roundTrips(RoundTripHistogram.of(counts, 5 * 800 + 2 * 40_000
                        + 11_000_000)).build();
        for (Format format : Format.values()) {
            Exposition e = scrape(new GatewayMetrics(10, false, clock),
                    sources(List.of(new FixedDriver("line", List.of(status))), null, List.of()), format);
            String[] device = {"driver", "line", "device", "meter-9"};
            assertThat(e.family("plantwire_device_round_trip_seconds").type()).isEqualTo("histogram");
            assertThat(e.value("plantwire_device_round_trip_seconds_bucket", "driver", "line", "device", "meter-9",
                    "le", "5.0E-4")).contains(0.0);
            assertThat(e.value("plantwire_device_round_trip_seconds_bucket", "driver", "line", "device", "meter-9",
                    "le", "0.001")).contains(5.0);
            assertThat(e.value("plantwire_device_round_trip_seconds_bucket", "driver", "line", "device", "meter-9",
                    "le", "0.05")).contains(7.0);
            assertThat(e.value("plantwire_device_round_trip_seconds_bucket", "driver", "line", "device", "meter-9",
                    "le", "10.0")).contains(7.0);
            assertThat(e.value("plantwire_device_round_trip_seconds_bucket", "driver", "line", "device", "meter-9",
                    "le", "+Inf")).contains(8.0);
            assertThat(e.value("plantwire_device_round_trip_seconds_count", device)).contains(8.0);
            assertThat(e.value("plantwire_device_round_trip_seconds_sum", device)).contains(11.084);
            assertThat(e.value("plantwire_device_errors_total", "driver", "line", "device", "meter-9", "reason",
                    "timeout")).contains(3.0);
            assertThat(e.value("plantwire_device_errors_total", "driver", "line", "device", "meter-9", "reason",
                    "disconnected")).contains(1.0);
            assertThat(e.samples("plantwire_device_errors_total", "reason", "unspecified")).isEmpty();
        }
    }

    @Test
    void contextProvidersThatReportAStatus() throws IOException {
        ContextProvider sql = new ContextProvider() {
            @Override
            public io.plantwire.api.model.AssetRecord enrich(io.plantwire.api.model.AssetRecord record) {
                return record;
            }

            @Override
            public ContextStatus status() {
                return new ContextStatus(120, 7, 3, 1, NOW.minusSeconds(90), true, "timeout");
            }
        };
        ContextProvider staticContext = record -> record; // reports UNKNOWN: no series
        List<Map.Entry<Map<String, Object>, ContextProvider>> providers = List.of(
                Map.entry(Map.of(StageProperties.STAGE_NAME, "mes-sql"), sql),
                Map.entry(Map.of(StageProperties.STAGE_NAME, "tank-1-static"), staticContext));
        for (Format format : Format.values()) {
            Exposition e = scrape(new GatewayMetrics(10, false, clock), new GatewayMetrics.Sources(List.of(), null,
                    List.of(), providers, null, null, null), format);
            assertThat(e.value("plantwire_context_lookups_total", "provider", "mes-sql")).contains(120.0);
            assertThat(e.value("plantwire_context_lookup_failures_total", "provider", "mes-sql")).contains(7.0);
            assertThat(e.value("plantwire_context_entries", "provider", "mes-sql")).contains(3.0);
            assertThat(e.value("plantwire_context_stale_entries", "provider", "mes-sql")).contains(1.0);
            assertThat(e.value("plantwire_context_oldest_entry_age_seconds", "provider", "mes-sql")).contains(90.0);
            assertThat(e.value("plantwire_context_source_up", "provider", "mes-sql")).contains(0.0);
            assertThat(e.samples("plantwire_context_lookups_total", "provider", "tank-1-static")).isEmpty();
        }
    }

    @Test
    void pastTheCapDevicesAreFoldedIntoOtherAndTheTotalsStayRight() throws IOException {
        List<DeviceStatus> statuses = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            statuses.add(device(String.format("dev-%03d", i), ConnectionState.CONNECTED, 10, 1, NOW));
        }
        GatewayMetrics metrics = new GatewayMetrics(10, false, clock);
        Exposition e = scrape(metrics, sources(List.of(new FixedDriver("modbus", statuses)), null, List.of()),
                Format.PROMETHEUS_TEXT);

        assertThat(e.samplesWhere("plantwire_device_requests_total", l -> !l.get("device").equals("_other")))
                .hasSize(10).allSatisfy(s -> assertThat(s.label("device")).isLessThanOrEqualTo("dev-009"));
        assertThat(e.value("plantwire_device_requests_total", "driver", "_other", "device", "_other"))
                .contains(150.0);
        assertThat(e.sum("plantwire_device_requests_total")).isEqualTo(250.0);
        assertThat(e.sum("plantwire_device_errors_total")).isEqualTo(25.0);
        assertThat(e.value("plantwire_devices", "driver", "modbus", "state", "connected")).contains(25.0);
        assertThat(e.value("plantwire_metrics_folded_series", "kind", "device")).contains(15.0);
        assertThat(e.samples("plantwire_device_connection_state")).hasSize(10 * ConnectionState.values().length);
    }

    @Test
    void hostileNamesStayInsideTheirLabelAndABrokenSourceIsCountedNotFatal() throws IOException {
        String hostile = "tank\"}\nplantwire_fake 1\n\u0007" + "x".repeat(500);
        Driver broken = new FixedDriver("broken", null);
        Driver odd = new FixedDriver("modbus", List.of(device(hostile, ConnectionState.CONNECTING, 1, 0, null),
                device(hostile, ConnectionState.CONNECTED, 99, 0, null))); // a duplicate id keeps the first
        PipelineMetrics throwing = new PipelineMetrics() {
            @Override
            public List<StageCounters> stages() {
                throw new IllegalStateException("pipeline stopping");
            }

            @Override
            public PipelineStatus status() {
                return new PipelineStatus(1, 1, 1, 0, 10, 0, 0, 0, List.of());
            }
        };
        GatewayMetrics metrics = new GatewayMetrics(100, false, clock);
        for (Format format : Format.values()) {
            Exposition e = scrape(metrics, sources(List.of(broken, odd), throwing, List.of()), format);
            List<Exposition.Sample> requests = e.samples("plantwire_device_requests_total");
            assertThat(requests).hasSize(1);
            String label = requests.get(0).label("device");
            assertThat(label).startsWith("tank\"}\\nplantwire_fake 1\\n\\x07").hasSizeLessThan(260);
            assertThat(requests.get(0).value()).isEqualTo(1.0);
            assertThat(e.families()).doesNotContainKey("plantwire_fake");
            // The pipeline threw half-way: none of its families, one failure counted per scrape.
            assertThat(e.families()).doesNotContainKeys("plantwire_pipeline_readings_in",
                    "plantwire_pipeline_readings_in_total");
        }
        Exposition last = scrape(metrics, sources(List.of(broken), throwing, List.of()), Format.PROMETHEUS_TEXT);
        assertThat(last.value("plantwire_metrics_source_failures_total", "source", "pipeline")).contains(3.0);
        assertThat(last.value("plantwire_metrics_source_failures_total", "source", "driver")).contains(3.0);
    }

    @Test
    void jvmMetricsComeFromTheLibrary() throws IOException {
        Exposition e = scrape(new GatewayMetrics(10, true, clock), sources(List.of(), null, List.of()),
                Format.PROMETHEUS_TEXT);
        assertThat(e.sum("jvm_memory_used_bytes", "area", "heap")).isPositive();
        assertThat(e.value("jvm_threads_current")).hasValueSatisfying(v -> assertThat(v).isPositive());
        assertThat(e.families()).containsKey("jvm_gc_collection_seconds");
    }

    @Test
    void gzipOnlyWhenAccepted() {
        assertThat(MetricsEndpoint.acceptsGzip("gzip")).isTrue();
        assertThat(MetricsEndpoint.acceptsGzip("br, GZIP;q=0.5")).isTrue();
        assertThat(MetricsEndpoint.acceptsGzip("gzip;q=0")).isFalse();
        assertThat(MetricsEndpoint.acceptsGzip("identity")).isFalse();
        assertThat(MetricsEndpoint.acceptsGzip(null)).isFalse();
    }
}
