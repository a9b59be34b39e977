package io.plantwire.console.internal;

import io.plantwire.api.driver.Driver;
import io.plantwire.api.pipeline.PipelineMetrics;
import io.plantwire.api.stage.Sink;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.CollectionType;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The Web Console page "Plantwire" ({@code /system/console/plantwire}): devices, assets with values, quality,
 * context and trends, pipeline counters and sinks, refreshed by the page's own script from
 * {@code /system/console/plantwire/data.json}.
 *
 * <p>Registered only as a Web Console plugin servlet (label, title, category) and never with the HTTP whiteboard,
 * so both the page and its JSON are served by the console's own servlet, behind its authentication.
 */
@Component(service = Servlet.class, configurationPid = ConsoleSettings.PID,
        property = {
            ServletConstants.PLUGIN_LABEL + "=" + PlantwireConsolePlugin.LABEL,
            ServletConstants.PLUGIN_TITLE + "=Plantwire",
            ServletConstants.PLUGIN_CATEGORY + "=Plantwire",
            ServletConstants.PLUGIN_CSS_REFERENCES + "=/" + PlantwireConsolePlugin.LABEL + "/res/console.css"
        })
public final class PlantwireConsolePlugin extends AbstractServlet {

    private static final long serialVersionUID = 1L;

    /** The plugin's label: its path under the console root. */
    static final String LABEL = "plantwire";

    /** The JSON document's name under the plugin path. */
    static final String DATA = "data.json";

    /** The only files served from the bundle: no path from a request ever reaches the class loader. */
    private static final Set<String> RESOURCES = Set.of("console.js", "console.css", "health.js");

    /** The Health section's JSON document under the plugin path (the same report as /health). */
    static final String HEALTH_DATA = "health.json";

    private final transient LatestRecordSink latest;
    private final transient Clock clock;

    @Reference(service = Driver.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, collectionType = CollectionType.TUPLE)
    volatile transient List<Map.Entry<Map<String, Object>, Driver>> drivers = List.of();

    @Reference(service = Sink.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, collectionType = CollectionType.TUPLE)
    volatile transient List<Map.Entry<Map<String, Object>, Sink>> sinks = List.of();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile transient PipelineMetrics pipeline;

    /** The sinks' dead letters, held as plain objects: only {@link DeadLetterDesk} knows their type. */
    @Reference(service = io.plantwire.store.deadletter.DeadLetters.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            collectionType = CollectionType.TUPLE)
    volatile transient List<Map.Entry<Map<String, Object>, Object>> deadLetters = List.of();

    /** The gateway's health checks, held as a plain object: only {@link HealthDesk} knows their type. */
    @Reference(service = io.plantwire.health.GatewayHealth.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile transient Object health;

    /** Dead letters per sink shown on the page. */
    static final int DEAD_LETTERS_SHOWN = 5;

    /**
     * @param config validated here too, so a bad configuration names its field in this component's error
     * @param latest the console's own sink, which keeps the assets
     */
    @Activate
    public PlantwireConsolePlugin(ConsoleConfig config, @Reference LatestRecordSink latest) {
        ConsoleSettings.from(config);
        this.latest = latest;
        this.clock = Clock.systemUTC();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if (("/" + LABEL + "/" + DATA).equals(request.getPathInfo())) {
            writeData(request.getParameter("store"), request.getParameter("since"), response);
            return;
        }
        if (("/" + LABEL + "/" + HEALTH_DATA).equals(request.getPathInfo())) {
            Object h = health;
            // HealthDesk is loaded only when the health bundle is there: its package is imported dynamically
            writeJson(h == null ? "{\"available\":false}" : HealthDesk.render(h), response);
            return;
        }
        // Serves res/ files; anything else is left unanswered so the console renders the page around us.
        super.doGet(request, response);
    }

    @Override
    protected URL getResource(String path) {
        String prefix = "/" + LABEL + "/res/";
        if (path == null || !path.startsWith(prefix)) {
            return null;
        }
        String name = path.substring(prefix.length());
        return RESOURCES.contains(name) ? PlantwireConsolePlugin.class.getResource("/plantwire-console/" + name)
                : null;
    }

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object root = request.getAttribute(ServletConstants.ATTR_PLUGIN_ROOT);
        String pluginRoot = root instanceof String ? (String) root
                : request.getContextPath() + request.getServletPath() + "/" + LABEL;
        response.getWriter().print(ConsolePage.render(pluginRoot, latest.settings().refreshIntervalMs()));
    }

    /**
     * Streams the document (chunked, no length): with many wide assets it is megabytes, and built whole it cost a
     * full collection per request under load (see {@link JsonWriter}).
     *
     * @param store the store id the page got with its cursor, or null
     * @param since the trend cursor the page got last time, or null for full trends
     */
    private void writeData(String store, String since, HttpServletResponse response) throws IOException {
        GatewaySnapshot snapshot = snapshot(store, cursor(since));
        jsonHeaders(response);
        ConsoleJson.write(snapshot, new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8));
    }

    private void writeJson(String json, HttpServletResponse response) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        jsonHeaders(response);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private void jsonHeaders(HttpServletResponse response) {
        setNoCache(response);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentType("application/json;charset=utf-8");
    }

    GatewaySnapshot snapshot(String store, long since) {
        GatewaySnapshot snapshot = GatewaySnapshot.take(clock.instant(), store == null ? "" : store, since, drivers,
                pipeline, sinks, latest);
        List<Map.Entry<Map<String, Object>, Object>> letters = deadLetters;
        // DeadLetterDesk is loaded only when a sink offers dead letters: the store's package may not be there
        return letters.isEmpty() ? snapshot : snapshot.withDeadLetters(DeadLetterDesk.views(letters,
                DEAD_LETTERS_SHOWN));
    }

    /** A malformed cursor just means full trends: the page recovers by itself. */
    static long cursor(String since) {
        if (since == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(since));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
