package io.plantwire.health.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.plantwire.health.HealthReport;

import org.junit.jupiter.api.Test;

class HealthServletTest {

    @Test
    void tagsAreParsedOnceAndEveryBadItemIsRefusedByPosition() {
        assertThat(HealthServlet.tags(null)).isEmpty();
        assertThat(HealthServlet.tags(new String[] {" devices , sinks"})).containsExactly("devices", "sinks");
        assertThatThrownBy(() -> HealthServlet.tags(new String[] {"devices", "sinks"}))
                .hasMessageContaining("given 2 times");
        assertThatThrownBy(() -> HealthServlet.tags(new String[] {"devices,Sinks"}))
                .hasMessageStartingWith("parameter tags: item 2 of 2 is not a tag");
        assertThatThrownBy(() -> HealthServlet.tags(new String[] {"devices,,sinks"}))
                .hasMessageStartingWith("parameter tags: item 2 of 3 is empty");
        assertThatThrownBy(() -> HealthServlet.tags(new String[] {"x".repeat(201)}))
                .hasMessageContaining("201 characters long; at most 200");
    }

    @Test
    void jsonCarriesTheWorstStatusAndEscapesWhatItQuotes() throws Exception {
        HealthReport report = new HealthReport(Instant.parse("2026-12-06T12:00:00Z"), false, List.of(
                new HealthReport.CheckResult("devices", "OK", List.of("1 of 1 devices"), List.of("plantwire", "devices"), 1),
                new HealthReport.CheckResult("sinks", "CRITICAL", List.of("sink \"uns\" </script>"),
                        List.of("plantwire", "sinks"), 2)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HealthJson.write(report, out);
        JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(json.get("status").asText()).isEqualTo("CRITICAL");
        assertThat(json.get("healthy").asBoolean()).isFalse();
        assertThat(json.get("takenAt").asText()).isEqualTo("2026-12-06T12:00:00Z");
        assertThat(json.get("checks").get(1).get("messages").get(0).asText()).isEqualTo("sink \"uns\" </script>");
        assertThat(json.get("checks").get(0).get("elapsedMs").asLong()).isEqualTo(1);
    }

    @Test
    void rootCauseOfAStackTraceIsItsInnermostCause() {
        String trace = "java.lang.reflect.InvocationTargetException\n\tat x.y(Z.java:1)\n"
                + "Caused by: java.lang.IllegalArgumentException: io.plantwire.health: maxMissedPolls=0 is below the minimum 1\n"
                + "\tat a.b(C.java:2)\n";
        assertThat(Finding.rootCause(trace))
                .isEqualTo("java.lang.IllegalArgumentException: io.plantwire.health: maxMissedPolls=0 is below the minimum 1");
        assertThat(Finding.rootCause("just one line")).isEqualTo("just one line");
        assertThat(Finding.rootCause(null)).isEmpty();
    }
}
