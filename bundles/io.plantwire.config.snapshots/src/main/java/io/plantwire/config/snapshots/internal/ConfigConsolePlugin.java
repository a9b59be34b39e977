package io.plantwire.config.snapshots.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The Web Console page "Plantwire Configuration" ({@code /system/console/plantwire-config}): export (a download,
 * GET), snapshots with their difference to now (GET), take a snapshot, restore, import (POST). The console's access
 * guard (io.plantwire.console.access) asks for the credentials and refuses cross-site POSTs; as on the features page,
 * every form also carries a random token made when the component starts, and a POST without it changes nothing.
 * Restore and import take two presses: the first shows the difference (a dry run), the second, with
 * {@code confirm=yes}, applies it.
 */
@Component(service = Servlet.class, property = {
        ServletConstants.PLUGIN_LABEL + "=" + ConfigConsolePlugin.LABEL,
        ServletConstants.PLUGIN_TITLE + "=Plantwire Configuration",
        ServletConstants.PLUGIN_CATEGORY + "=Plantwire",
        ServletConstants.PLUGIN_CSS_REFERENCES + "=/plantwire-features/res/console.css"
})
public final class ConfigConsolePlugin extends AbstractServlet {

    private static final long serialVersionUID = 1L;
    static final String LABEL = "plantwire-config";
    private static final String OUTCOME = ConfigConsolePlugin.class.getName() + ".outcome";
    private static final String DOCUMENT = ConfigConsolePlugin.class.getName() + ".document";

    private final transient SiteConfigurations site;
    private final transient String token;

    @Activate
    public ConfigConsolePlugin(@Reference SiteConfigurations site) {
        this(site, newToken());
    }

    ConfigConsolePlugin(SiteConfigurations site, String token) {
        this.site = site;
        this.token = token;
    }

    private static String newToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        response.setHeader("Cache-Control", "no-store");
        if (("/" + LABEL + "/export.json").equals(request.getPathInfo())) {
            export(response);
            return;
        }
        super.doGet(request, response); // the console renders the page around renderContent
    }

    private void export(HttpServletResponse response) throws IOException {
        StringWriter document = new StringWriter();
        try {
            site.export(document);
        } catch (SiteDocumentException e) {
            text(response, HttpServletResponse.SC_CONFLICT, e.getMessage());
            return;
        }
        byte[] body = document.toString().getBytes(StandardCharsets.UTF_8);
        response.setContentType("application/json;charset=utf-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"plantwire-site.json\"");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (!("/" + LABEL).equals(path) && !("/" + LABEL + "/").equals(path)) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        if (request.getCharacterEncoding() == null) {
            request.setCharacterEncoding(StandardCharsets.UTF_8.name());
        }
        String given = request.getParameter("token");
        if (given == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8))) {
            text(response, HttpServletResponse.SC_FORBIDDEN, "The form token is missing or out of date (the gateway "
                    + "restarted since the page was loaded, or the request did not come from the page). Nothing was "
                    + "changed; reload the page and try again.");
            return;
        }
        response.setHeader("Cache-Control", "no-store");
        request.setAttribute(OUTCOME, perform(request::getParameter));
        request.setAttribute(DOCUMENT, request.getParameter("document"));
    }

    private static void text(HttpServletResponse response, int status, String message) throws IOException {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/plain;charset=utf-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Carries out a form; never throws. */
    ConfigPage.Outcome perform(Function<String, String> parameter) {
        String action = String.valueOf(parameter.apply("action"));
        boolean confirmed = "yes".equals(parameter.apply("confirm"));
        try {
            switch (action) {
                case "snapshot" -> {
                    return new ConfigPage.Outcome(true, "Snapshot taken", "snapshot "
                            + site.snapshotNow("taken in the console"), "", null);
                }
                case "restore" -> {
                    String id = String.valueOf(parameter.apply("id"));
                    if (!confirmed) {
                        SiteImport.Plan plan = site.restorePlan(id);
                        return dryRun("Restore snapshot " + id + "?", plan,
                                List.<String[]>of(new String[] {"action", "restore"}, new String[] {"id", id}));
                    }
                    return applied("Restored snapshot " + id, site.restore(id));
                }
                case "dryrun", "import" -> {
                    String text = parameter.apply("document");
                    if (text == null || text.isBlank()) {
                        return new ConfigPage.Outcome(false, "Nothing imported", "paste an exported document first",
                                "", null);
                    }
                    SiteDocument.Parsed parsed = site.read(
                            new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "the pasted document");
                    if (!action.equals("import") || !confirmed) {
                        return dryRun("Import this document?", site.plan(site.site(parsed)),
                                List.<String[]>of(new String[] {"action", "import"}, new String[] {"document", text}));
                    }
                    return applied("Imported the document", site.apply(site.site(parsed), "import in the console"));
                }
                default -> {
                    return new ConfigPage.Outcome(false, "Nothing done", "unknown action '"
                            + SiteDocument.quote(action) + "'", "", null);
                }
            }
        } catch (SiteDocumentException e) {
            return new ConfigPage.Outcome(false, "Refused", e.getMessage(), "", null);
        } catch (Exception e) {
            return new ConfigPage.Outcome(false, "Failed", SiteDocument.quote(String.valueOf(e)), "", null);
        }
    }

    private static ConfigPage.Outcome dryRun(String headline, SiteImport.Plan plan, List<String[]> confirm) {
        if (!plan.problems().isEmpty()) {
            return new ConfigPage.Outcome(false, headline, "not applicable, nothing was changed: "
                    + String.join("; ", plan.problems()), plan.diff().render(), null);
        }
        if (plan.diff().isEmpty()) {
            return new ConfigPage.Outcome(true, headline, "no differences: nothing to change", "", null);
        }
        return new ConfigPage.Outcome(false, headline, "nothing has changed yet: confirm to apply all of this, or "
                + "nothing", plan.diff().render(), confirm);
    }

    private static ConfigPage.Outcome applied(String headline, SiteConfigurations.Applied applied) {
        if (applied.snapshotBefore() == null) {
            return new ConfigPage.Outcome(true, headline, "no differences: nothing changed", "", null);
        }
        return new ConfigPage.Outcome(true, headline, "the state before is snapshot " + applied.snapshotBefore(),
                applied.plan().diff().render(), null);
    }

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object root = request.getAttribute(ServletConstants.ATTR_PLUGIN_ROOT);
        String pluginRoot = root instanceof String r ? r : request.getContextPath() + request.getServletPath() + "/"
                + LABEL;
        Object outcome = request.getAttribute(OUTCOME);
        Object document = request.getAttribute(DOCUMENT);
        response.getWriter().print(ConfigPage.render(pluginRoot, token, view(request.getParameter("diff"),
                outcome instanceof ConfigPage.Outcome o ? o : null, document instanceof String d ? d : "")));
    }

    ConfigPage.View view(String diffId, ConfigPage.Outcome outcome, String document) {
        List<SnapshotStore.Entry> snapshots = List.of();
        String problem = null;
        try {
            snapshots = site.snapshots();
        } catch (IOException e) {
            problem = "cannot list " + site.snapshotFolder() + ": " + e.getMessage();
        }
        String diff = null;
        if (diffId != null) {
            try {
                diff = site.restorePlan(diffId).render();
            } catch (SiteDocumentException | IOException e) {
                diff = e.getMessage();
            }
        }
        return new ConfigPage.View(snapshots, problem, diffId, diff, outcome, document);
    }

    String token() {
        return token;
    }
}
