package io.plantwire.health.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

import io.plantwire.health.GatewayHealth;
import io.plantwire.health.HealthReport;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GET /health} (and HEAD) on the gateway's HTTP port: 200 when every check passes, 503 otherwise, with the
 * report as JSON ({@link HealthJson}); {@code ?tags=devices,sinks} narrows it to those checks (a readiness probe
 * that ignores disk space, say). Registered with the servlet whiteboard in the context {@code plantwire.operations}
 * of io.plantwire.console.access, which checks the console account or the scrape token (docs/security.md), so
 * access control is not this servlet's job; the configuration PID {@value #PID} can override the whiteboard
 * properties.
 */
@Component(service = Servlet.class, configurationPid = HealthServlet.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {
            "osgi.http.whiteboard.servlet.pattern=" + HealthServlet.PATH,
            "osgi.http.whiteboard.servlet.name=plantwire-health",
            "osgi.http.whiteboard.context.select=(osgi.http.whiteboard.context.name=plantwire.operations)"
        })
public final class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    static final String PID = "io.plantwire.health.endpoint";
    static final String PATH = "/health";

    /** Tag lists longer than this are refused before they are split. */
    static final int MAX_TAGS_CHARS = 200;
    private static final Pattern TAG = Pattern.compile("[a-z][a-z0-9-]{0,39}");

    private final transient GatewayHealth health;

    @Activate
    public HealthServlet(@Reference(name = "health") GatewayHealth health) {
        this.health = health;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentType("application/json;charset=utf-8");
        ByteArrayOutputStream body = new ByteArrayOutputStream(1024);
        Set<String> tags;
        try {
            tags = tags(request.getParameterValues("tags"));
        } catch (IllegalArgumentException e) {
            HealthJson.writeError(e.getMessage(), body);
            send(response, HttpServletResponse.SC_BAD_REQUEST, body);
            return;
        }
        HealthReport report;
        try {
            report = health.report(tags);
        } catch (IllegalArgumentException e) {
            HealthJson.writeError(e.getMessage(), body);
            send(response, HttpServletResponse.SC_BAD_REQUEST, body);
            return;
        }
        HealthJson.write(report, body);
        send(response, report.healthy() ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE, body);
    }

    private static void send(HttpServletResponse response, int status, ByteArrayOutputStream body) throws IOException {
        response.setStatus(status);
        response.setContentLength(body.size());
        body.writeTo(response.getOutputStream());
    }

    /** The tags asked for: none means all; each must look like a tag, the check knows which exist. */
    static Set<String> tags(String[] values) {
        Set<String> tags = new LinkedHashSet<>();
        if (values == null) {
            return tags;
        }
        if (values.length > 1) {
            throw new IllegalArgumentException("parameter tags given " + values.length + " times; give it once, "
                    + "comma-separated");
        }
        String text = values[0];
        if (text.length() > MAX_TAGS_CHARS) {
            throw new IllegalArgumentException("parameter tags is " + text.length() + " characters long; at most "
                    + MAX_TAGS_CHARS);
        }
        String[] items = text.split(",", -1);
        for (int i = 0; i < items.length; i++) {
            String tag = items[i].strip();
            if (!TAG.matcher(tag).matches()) {
                // Not echoed: the client knows what it sent, and the body stays free of whatever it was.
                throw new IllegalArgumentException("parameter tags: item " + (i + 1) + " of " + items.length
                        + (tag.isEmpty() ? " is empty" : " is not a tag") + " (1 to 40 lower-case letters, digits and '-')");
            }
            tags.add(tag);
        }
        return tags;
    }
}
