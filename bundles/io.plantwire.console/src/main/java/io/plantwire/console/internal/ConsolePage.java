package io.plantwire.console.internal;

/**
 * The page skeleton the console puts between its header and footer. It carries no data: the page's script
 * fetches {@code data.json} and fills the tables with DOM text nodes, so nothing a device or configuration says
 * is ever parsed as HTML.
 */
final class ConsolePage {

    private ConsolePage() {
    }

    /**
     * @param pluginRoot the plugin's URL path, e.g. {@code /system/console/plantwire}
     * @param refreshIntervalMs how often the page polls
     */
    static String render(String pluginRoot, int refreshIntervalMs) {
        String root = Html.escape(pluginRoot);
        return "<div id='plantwire-console' class='pw' data-json-url='" + root + "/" + PlantwireConsolePlugin.DATA
                + "' data-refresh-ms='" + refreshIntervalMs + "'>\n"
                + "<p class='pw-status' id='pw-status' role='status'>Loading&hellip;</p>\n"
                + "<div id='pw-health-section' data-json-url='" + root + "/" + PlantwireConsolePlugin.HEALTH_DATA
                + "' data-refresh-ms='" + refreshIntervalMs + "'>\n"
                + section("health", "Health <span id='pw-health-status' class='pw-note'></span>", "Check", "Status",
                        "What it found")
                + "</div>\n"
                + section("devices", "Devices",
                        "Device", "Driver", "Endpoint", "State", "Last good poll", "Requests", "Errors",
                        "Round trip last / mean / max (µs)", "Last error")
                + "<div id='pw-failures'></div>\n"
                + "<h2 class='pw-h'>Assets <span id='pw-assets-count' class='pw-note'></span></h2>\n"
                + "<p class='pw-filter'><input id='pw-asset-filter' type='search' size='40' "
                + "placeholder='Filter assets by path or type' aria-label='Filter assets by path or type'></p>\n"
                + "<div id='pw-assets'></div>\n"
                + "<h2 class='pw-h'>Pipeline <span id='pw-pipeline-status' class='pw-note'></span></h2>\n"
                + "<table class='tablelayout pw-table' id='pw-pipeline-table'><thead><tr>"
                + th("Readings in", "Processed", "Records out", "Held", "Hold capacity", "Held (est. MiB)",
                        "Hold bound (MiB)", "Overflow dropped", "Overflow rejected", "Unrouted",
                        "Missing required stages")
                + "</tr></thead><tbody id='pw-pipeline'></tbody></table>\n"
                + section("stages", "Stages", "Kind", "Stage", "Present", "In", "Out", "Filtered", "Failed",
                        "Waiting", "Mean time (µs)")
                + section("sinks", "Sinks", "Sink", "Connected", "Backlog", "Delivered", "Dropped",
                        "Last delivery", "Last error")
                + section("deadletters", "Dead letters", "Sink", "Kept", "Bytes", "Evicted", "Discarded",
                        "Replayed", "Oldest refusals (plantwire:deadletters <sink>, plantwire:replay <sink> [n|all])")
                + "</div>\n"
                + "<script src='" + root + "/res/console.js'></script>\n"
                + "<script src='" + root + "/res/health.js'></script>\n";
    }

    private static String section(String id, String title, String... headers) {
        return "<h2 class='pw-h'>" + title + "</h2>\n"
                + "<table class='tablelayout pw-table' id='pw-" + id + "-table'><thead><tr>" + th(headers)
                + "</tr></thead><tbody id='pw-" + id + "'></tbody></table>\n";
    }

    private static String th(String... headers) {
        StringBuilder b = new StringBuilder();
        for (String h : headers) {
            b.append("<th>").append(Html.escape(h)).append("</th>");
        }
        return b.toString();
    }
}
