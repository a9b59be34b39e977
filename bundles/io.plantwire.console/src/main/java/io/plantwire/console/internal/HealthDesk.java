package io.plantwire.console.internal;

import io.plantwire.api.text.SafeText;
import io.plantwire.health.GatewayHealth;
import io.plantwire.health.HealthReport;

/**
 * The console's side of the {@link GatewayHealth} service: the same report {@code /health} answers with, as the
 * page's {@code health.json}. The only class of this bundle that uses {@code io.plantwire.health}, which the bundle
 * imports dynamically (the console runs without the health bundle); loaded only when the service is bound.
 */
final class HealthDesk {

    /** The JSON document's name under the plugin path. */
    static final String DATA = "health.json";

    /** What the page gets when the health bundle is not running. */
    static final String ABSENT = "{\"available\":false}";

    private HealthDesk() {
    }

    /**
     * {@code {"available":true,"healthy":…,"takenAt":ms,"checks":[{"name","status","messages":[…]}]}}; the
     * messages come cleaned from the health bundle and are escaped once more, as all foreign text on this page is.
     */
    static String render(Object service) {
        StringBuilder out = new StringBuilder(1024);
        JsonWriter w = new JsonWriter(out);
        try {
            HealthReport report = ((GatewayHealth) service).report();
            w.beginObject().name("available").value(true).name("healthy").value(report.healthy())
                    .name("takenAt").millis(report.takenAt()).name("checks").beginArray();
            for (HealthReport.CheckResult c : report.checks()) {
                w.beginObject().name("name").value(SafeText.printable(c.name(), 80))
                        .name("status").value(SafeText.printable(c.status(), 40)).name("messages").beginArray();
                for (String m : c.messages()) {
                    w.value(SafeText.printable(m, 1000));
                }
                w.endArray().endObject();
            }
            w.endArray().endObject();
            return out.toString();
        } catch (RuntimeException e) {
            StringBuilder failed = new StringBuilder();
            new JsonWriter(failed).beginObject().name("available").value(true).name("healthy").value(false)
                    .name("error").value(SafeText.printable(String.valueOf(e), 300)).endObject();
            return failed.toString();
        }
    }
}
