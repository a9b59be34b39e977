package io.plantwire.health.internal;

import java.io.IOException;
import java.io.OutputStream;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.plantwire.health.HealthReport;
import io.plantwire.health.HealthReport.CheckResult;

/**
 * The JSON body of {@code /health}:
 * {@code {"status":"OK","healthy":true,"takenAt":"…","checks":[{"name":"devices","status":"OK","messages":[…],
 * "tags":[…],"elapsedMs":0}, …]}}; {@code status} is the worst check status.
 */
final class HealthJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private HealthJson() {
    }

    static void write(HealthReport report, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("status", worst(report));
            g.writeBooleanField("healthy", report.healthy());
            g.writeStringField("takenAt", report.takenAt().toString());
            g.writeArrayFieldStart("checks");
            for (CheckResult c : report.checks()) {
                g.writeStartObject();
                g.writeStringField("name", c.name());
                g.writeStringField("status", c.status());
                g.writeArrayFieldStart("messages");
                for (String m : c.messages()) {
                    g.writeString(m);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("tags");
                for (String t : c.tags()) {
                    g.writeString(t);
                }
                g.writeEndArray();
                g.writeNumberField("elapsedMs", c.elapsedMs());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    static void writeError(String message, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("error", message);
            g.writeEndObject();
        }
    }

    /** The worst status of the report: the order of Felix's statuses, OK best, HEALTH_CHECK_ERROR worst. */
    static String worst(HealthReport report) {
        org.apache.felix.hc.api.Result.Status worst = org.apache.felix.hc.api.Result.Status.OK;
        for (CheckResult c : report.checks()) {
            org.apache.felix.hc.api.Result.Status s;
            try {
                s = org.apache.felix.hc.api.Result.Status.valueOf(c.status());
            } catch (IllegalArgumentException e) {
                s = org.apache.felix.hc.api.Result.Status.HEALTH_CHECK_ERROR;
            }
            if (s.compareTo(worst) > 0) {
                worst = s;
            }
        }
        return worst.name();
    }
}
