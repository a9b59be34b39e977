package io.plantwire.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.plantwire.test.support.prometheus.Exposition;
import io.plantwire.test.support.prometheus.Exposition.Format;

/** The benchmark measures what it claims: a full, valid exposition of the synthetic gateway's size. */
class ScrapeBenchmarkTest {

    @Test
    void theLargeScrapeHasEveryDeviceAndStageAndParses() throws Exception {
        ScrapeBenchmark b = new ScrapeBenchmark();
        b.size = "1000x1000";
        b.gzip = false;
        b.setUp();
        Exposition e = Exposition.parse(new String(b.scrape(), StandardCharsets.UTF_8), Format.PROMETHEUS_TEXT);
        assertThat(e.samples("plantwire_device_requests_total")).hasSize(1000);
        assertThat(e.samples("plantwire_device_round_trip_seconds_count")).hasSize(1000);
        assertThat(e.samples("plantwire_stage_in_total")).hasSize(2004);
        assertThat(e.samples("plantwire_stage_item_seconds_count")).hasSize(2004);
        assertThat(e.value("plantwire_metrics_folded_series", "kind", "stage")).contains(0.0);
        int series = e.families().values().stream().mapToInt(f -> f.samples().size()).sum();
        System.out.println("FIGURE series at 1000x1000: " + series);
        assertThat(series).isGreaterThan(60_000);
    }
}
