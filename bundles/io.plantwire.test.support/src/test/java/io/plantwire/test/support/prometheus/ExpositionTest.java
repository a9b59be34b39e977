package io.plantwire.test.support.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.plantwire.test.support.prometheus.Exposition.Format;

class ExpositionTest {

    private static final String TEXT = """
            # HELP plantwire_device_requests_total Requests sent.
            # TYPE plantwire_device_requests_total counter
            plantwire_device_requests_total{device="meter-1",driver="modbus"} 12.0
            plantwire_device_requests_total{device="a \\"quoted\\"\\\\ \\nname",driver="modbus"} 3
            # HELP rtt_seconds Round trips.
            # TYPE rtt_seconds histogram
            rtt_seconds_bucket{device="m",le="0.001"} 1
            rtt_seconds_bucket{device="m",le="+Inf"} 4
            rtt_seconds_count{device="m"} 4
            rtt_seconds_sum{device="m"} 0.5
            # TYPE up gauge
            up 1 1700000000000
            """;

    @Test
    void readsFamiliesSamplesAndEscapedLabels() {
        Exposition e = Exposition.parse(TEXT, Format.PROMETHEUS_TEXT);
        assertThat(e.family("plantwire_device_requests_total").type()).isEqualTo("counter");
        assertThat(e.value("plantwire_device_requests_total", "device", "meter-1", "driver", "modbus")).contains(12.0);
        assertThat(e.samples("plantwire_device_requests_total", "device", "a \"quoted\"\\ \nname")).hasSize(1);
        assertThat(e.sum("plantwire_device_requests_total", "driver", "modbus")).isEqualTo(15.0);
        assertThat(e.family("rtt_seconds").samples()).hasSize(4);
        assertThat(e.value("up")).contains(1.0);
    }

    @Test
    void openMetricsNeedsEofAndCounterFamiliesWithoutTotal() {
        String om = """
                # TYPE x counter
                # HELP x Things.
                x_total 1.0
                x_created 1.7E9
                # TYPE s stateset
                s{s="a"} 1
                s{s="b"} 0
                # EOF
                """;
        Exposition e = Exposition.parse(om, Format.OPENMETRICS);
        assertThat(e.value("x_total")).contains(1.0);
        assertThat(e.family("s").samples()).hasSize(2);
        assertThatThrownBy(() -> Exposition.parse(om.replace("# EOF\n", ""), Format.OPENMETRICS))
                .hasMessageContaining("# EOF");
        assertThatThrownBy(() -> Exposition.parse("# TYPE x_total counter\nx_total 1\n# EOF\n", Format.OPENMETRICS))
                .hasMessageContaining("without _total");
    }

    @Test
    void refusesWhatTheFormatDoesNotAllow() {
        String[][] bad = {
            {"x{a=\"1\"} 1\nx{a=\"1\"} 2\n", "duplicate series"},
            {"x 1\ny 1\nx 2\n", "appears again"},
            {"x 1\n# TYPE x gauge\n", "after its samples"},
            {"x{a=\"1\\t\"} 1\n", "invalid escape"},
            {"x{1a=\"1\"} 1\n", "invalid label name"},
            {"x{a=\"1\"} one\n", "not a number"},
            {"x 1 12.5\n", "not a timestamp"},
            {"x 1", "line feed"},
            {"# TYPE c_total counter\nc_total -1\n", "is -1.0"},
            {"# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\n", "below the previous"},
            {"# TYPE h histogram\nh_bucket{le=\"1\"} 2\n", "no +Inf"},
            {"# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 3\n", "!= _count"},
            {"# TYPE g gauge\n# TYPE g gauge\n", "second TYPE"},
            {"# TYPE g weird\n", "unknown type"},
            {"x{a=\"1\" 1\n", "expected , or }"},
        };
        for (String[] c : bad) {
            assertThatThrownBy(() -> Exposition.parse(c[0], Format.PROMETHEUS_TEXT)).as(c[0])
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(c[1]);
        }
    }
}
