package io.plantwire.config.snapshots.internal;

import java.util.List;

import org.owasp.encoder.Encode;

/**
 * The HTML of the Web Console page "Plantwire Configuration": the outcome of the last action, the export link, the
 * snapshots with Diff and Restore, the difference of one snapshot to now, and the import form (dry run, then apply).
 * Every text is escaped; the page carries no script. Restore and import are two presses: the first shows the
 * difference and asks to confirm.
 */
final class ConfigPage {

    /**
     * The result of an action.
     *
     * @param ok whether it was carried out (or, for a dry run, could be)
     * @param headline what was asked
     * @param message what happened or why not
     * @param diff the difference (rendered), or empty
     * @param confirm the form fields of the confirming press (action, id or document), or null
     */
    record Outcome(boolean ok, String headline, String message, String diff, List<String[]> confirm) { }

    /** What the page shows. */
    record View(List<SnapshotStore.Entry> snapshots, String snapshotsProblem, String diffId, String diff,
            Outcome outcome, String document) { }

    private ConfigPage() {
    }

    static String render(String root, String token, View view) {
        StringBuilder out = new StringBuilder("<div class=\"pw\">\n");
        if (view.outcome() != null) {
            outcome(out, root, token, view.outcome());
        }
        out.append("<h2 class=\"pw-h\">Site configuration</h2>\n<p>Every configuration of the site, the installed "
                + "features and the bundles as one OSGi Configurator JSON document; secrets stay references. "
                + "<a id=\"pw-export\" href=\"").append(esc(root)).append("/export.json\">Export</a></p>\n");
        out.append("<h2 class=\"pw-h\">Snapshots <span class=\"pw-note\">taken before every change; newest first"
                + "</span></h2>\n");
        form(out, root, token, "snapshot", List.of(), "Take a snapshot now");
        if (view.snapshotsProblem() != null) {
            out.append("<p class=\"pw-error\">").append(esc(view.snapshotsProblem())).append("</p>\n");
        } else if (view.snapshots().isEmpty()) {
            out.append("<p class=\"pw-empty\">No snapshots yet.</p>\n");
        } else {
            out.append("<table class=\"pw-table\" id=\"pw-snapshots\"><tr><th>Id</th><th>Taken</th><th>Reason</th>"
                    + "<th class=\"pw-num\">Configurations</th><th class=\"pw-num\">Features</th><th></th></tr>\n");
            for (SnapshotStore.Entry e : view.snapshots()) {
                out.append("<tr><td>").append(esc(e.id())).append("</td><td>").append(esc(e.taken()))
                        .append("</td><td>").append(esc(e.reason())).append("</td><td class=\"pw-num\">")
                        .append(e.configurations()).append("</td><td class=\"pw-num\">").append(e.features())
                        .append("</td><td><a href=\"").append(esc(root)).append("?diff=").append(esc(e.id()))
                        .append("\">Diff</a> ");
                form(out, root, token, "restore", List.<String[]>of(new String[] {"id", e.id()}), "Restore");
                out.append("</td></tr>\n");
            }
            out.append("</table>\n");
        }
        if (view.diffId() != null) {
            out.append("<h2 class=\"pw-h\">Restoring ").append(esc(view.diffId()))
                    .append(" would change <span class=\"pw-note\">from now to the snapshot</span></h2>\n")
                    .append("<pre id=\"pw-diff\">").append(esc(view.diff())).append("</pre>\n");
        }
        out.append("<h2 class=\"pw-h\">Import <span class=\"pw-note\">paste an exported document; the difference "
                + "is shown first, nothing changes until you confirm; all or nothing</span></h2>\n")
                .append("<form method=\"post\" action=\"").append(esc(root)).append("\">")
                .append(hidden("token", token)).append(hidden("action", "dryrun"))
                .append("<textarea name=\"document\" rows=\"8\" cols=\"100\">").append(esc(view.document()))
                .append("</textarea><br><button type=\"submit\">Show the difference</button></form>\n");
        return out.append("</div>\n").toString();
    }

    private static void outcome(StringBuilder out, String root, String token, Outcome o) {
        out.append("<div id=\"pw-outcome\" class=\"pw-outcome").append(o.ok() ? " pw-outcome-done" : "")
                .append("\"><b>").append(esc(o.headline())).append("</b>");
        if (!o.message().isEmpty()) {
            out.append("<p class=\"").append(o.ok() ? "pw-status" : "pw-error").append("\">")
                    .append(esc(o.message())).append("</p>");
        }
        if (!o.diff().isEmpty()) {
            out.append("<pre>").append(esc(o.diff())).append("</pre>");
        }
        if (o.confirm() != null) {
            List<String[]> fields = new java.util.ArrayList<>(o.confirm());
            fields.add(new String[] {"confirm", "yes"});
            form(out, root, token, null, fields, "Confirm");
        }
        out.append("</div>\n");
    }

    private static void form(StringBuilder out, String root, String token, String action, List<String[]> fields,
            String button) {
        out.append("<form class=\"pw-inline\" method=\"post\" action=\"").append(esc(root)).append("\">")
                .append(hidden("token", token));
        if (action != null) {
            out.append(hidden("action", action));
        }
        for (String[] f : fields) {
            out.append(hidden(f[0], f[1]));
        }
        out.append("<button type=\"submit\">").append(esc(button)).append("</button></form>");
    }

    private static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + esc(name) + "\" value=\"" + esc(value) + "\">";
    }

    /**
     * HTML-escaped text; {@code $} and {@code \} too, because the Web Console replaces {@code ${key}} in every HTML
     * answer (a value such as {@code ${mqtt.broker.url}} would come out changed).
     */
    static String esc(String s) {
        return Encode.forHtml(s == null ? "" : s).replace("$", "&#36;").replace("\\", "&#92;");
    }
}
