package io.plantwire.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.plantwire.health.GatewayHealth;
import io.plantwire.health.HealthReport;

import org.junit.jupiter.api.Test;

class HealthDeskTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static GatewayHealth answering(HealthReport report) {
        return new GatewayHealth() {
            @Override
            public HealthReport report() {
                return report;
            }

            @Override
            public HealthReport report(Set<String> tags) {
                return report;
            }
        };
    }

    @Test
    void rendersTheSameVerdictAsTheEndpointWithEveryCheck() throws Exception {
        HealthReport report = new HealthReport(Instant.ofEpochMilli(1_765_000_000_000L), false, List.of(
                new HealthReport.CheckResult("devices", "OK", List.of("4 of 4 devices"), List.of("plantwire"), 0),
                new HealthReport.CheckResult("sinks", "CRITICAL", List.of("sink uns-mqtt: disconnected for 3.0 s",
                        "<img src=x onerror=alert(1)>\u001b[2J"), List.of("plantwire"), 1)));
        JsonNode json = JSON.readTree(HealthDesk.render(answering(report)));
        assertThat(json.get("available").asBoolean()).isTrue();
        assertThat(json.get("healthy").asBoolean()).isFalse();
        assertThat(json.get("takenAt").asLong()).isEqualTo(1_765_000_000_000L);
        assertThat(json.get("checks").get(1).get("status").asText()).isEqualTo("CRITICAL");
        // Text, never markup: the page puts it into text nodes; control characters arrive escaped.
        assertThat(json.get("checks").get(1).get("messages").get(1).asText())
                .isEqualTo("<img src=x onerror=alert(1)>\\x1b[2J");
    }

    @Test
    void aFailingServiceIsReportedAsUnhealthyNotAsABrokenPage() throws Exception {
        GatewayHealth broken = new GatewayHealth() {
            @Override
            public HealthReport report() {
                throw new IllegalStateException("executor gone");
            }

            @Override
            public HealthReport report(Set<String> tags) {
                return report();
            }
        };
        JsonNode json = JSON.readTree(HealthDesk.render(broken));
        assertThat(json.get("healthy").asBoolean()).isFalse();
        assertThat(json.get("error").asText()).contains("executor gone");
    }

    @Test
    void thePageHasAHealthSectionFedByItsOwnJson() {
        String html = ConsolePage.render("/system/console/plantwire", 1500);
        assertThat(html).contains("id='pw-health-section' data-json-url='/system/console/plantwire/health.json'",
                "id='pw-health'", "id='pw-health-status'",
                "<script src='/system/console/plantwire/res/health.js'></script>");
    }
}
