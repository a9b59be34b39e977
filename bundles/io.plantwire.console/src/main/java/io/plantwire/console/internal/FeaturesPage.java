package io.plantwire.console.internal;

import java.util.List;

/**
 * The HTML of the page "Plantwire Features": the outcome of the last action, the known features with their actions,
 * the single-bundle form and the component status of every installed feature. Every text is escaped with
 * {@link Html#escape(String)}; the page carries no script.
 *
 * <p>This class and its records use no type of {@code io.plantwire.features}, so the page can say that the feature
 * installer is missing when that package is not there at all.
 */
final class FeaturesPage {

    /** A feature as the page shows it. */
    record Feature(String name, String id, String description, boolean installed, int bundles, int configurations,
            List<ComponentState> status, String statusProblem) {

        Feature {
            status = List.copyOf(status);
        }
    }

    /** What became of one configuration of an installed feature. */
    record ComponentState(String pid, String component, String state, String detail, boolean ok) {
    }

    /** One category of a change report, e.g. "installed" with the bundles installed. */
    record Change(String label, List<String> items) {

        Change {
            items = List.copyOf(items);
        }
    }

    /**
     * The result of an action: done with what changed, or failed with the message naming the cause.
     *
     * @param ok whether the action was carried out
     * @param headline what was asked, e.g. "Install feature meters"
     * @param message on failure the cause; on success what to look at next, or empty
     * @param changes on success the non-empty categories of the change report
     * @param awaitingConfirmation the uninstall that was asked for but not carried out yet: the page asks to confirm
     *        it; null otherwise
     */
    record Outcome(boolean ok, String headline, String message, List<Change> changes,
            FeatureAction awaitingConfirmation) {

        Outcome {
            changes = List.copyOf(changes);
        }

        Outcome(boolean ok, String headline, String message, List<Change> changes) {
            this(ok, headline, message, changes, null);
        }

        static Outcome failed(String headline, String message) {
            return new Outcome(false, headline, message, List.of());
        }

        /** Nothing done yet: the page shows what {@code action} removes and a button that confirms it. */
        static Outcome confirm(FeatureAction action) {
            return new Outcome(false, action.describe() + "?", "", List.of(), action);
        }
    }

    /**
     * The trust policy as it is applied now (docs/security.md).
     *
     * @param mode enforce, warn or off
     * @param store the trust store folder
     * @param signers the subjects of the trusted certificates
     * @param storeProblems files of the trust store that are not certificates, with the reason
     * @param refusedByKind refusals since the start, by kind
     * @param recent the latest refusals, newest first
     */
    record Trust(String mode, String store, List<String> signers, List<String> storeProblems,
            java.util.Map<String, Long> refusedByKind, List<Refusal> recent) {

        Trust {
            signers = List.copyOf(signers);
            storeProblems = List.copyOf(storeProblems);
            refusedByKind = new java.util.TreeMap<>(refusedByKind);
            recent = List.copyOf(recent);
        }
    }

    /** A jar or feature file the trust policy refused (or let through in warn mode). */
    record Refusal(String time, String origin, String kind, String reason, boolean installedAnyway) {
    }

    /**
     * What the page shows.
     *
     * @param unavailable why there is no feature installer to talk to, or null when there is one
     * @param features the known features, empty when unavailable
     * @param outcome the outcome of the action just performed, or null on a plain visit
     * @param trust the trust policy, or null when no trust policy is there to show
     */
    record View(String unavailable, List<Feature> features, Outcome outcome, Trust trust) {

        View {
            features = List.copyOf(features);
        }

        View(String unavailable, List<Feature> features, Outcome outcome) {
            this(unavailable, features, outcome, null);
        }
    }

    /** The most refusals the page lists; the trust policy keeps 100. */
    static final int REFUSALS_SHOWN = 20;

    private FeaturesPage() {
    }

    /**
     * @param pluginRoot the plugin's URL path, e.g. {@code /system/console/plantwire-features}; forms post there
     * @param formToken the token every form carries so that only this page's forms can change the gateway
     * @param view what to show
     */
    static String render(String pluginRoot, String formToken, View view) {
        String root = Html.escape(pluginRoot);
        String token = Html.escape(formToken);
        StringBuilder out = new StringBuilder(4096);
        out.append("<div id='plantwire-features' class='pw'>\n");
        if (view.outcome() != null && view.outcome().awaitingConfirmation() != null) {
            confirmation(out, root, token, view.outcome().awaitingConfirmation(), view.features());
        } else if (view.outcome() != null) {
            outcome(out, view.outcome());
        }
        if (view.unavailable() != null) {
            out.append("<p class='pw-error' id='pw-features-unavailable' role='status'>")
                    .append(Html.escape(view.unavailable())).append("</p>\n</div>\n");
            return out.toString();
        }
        features(out, root, token, view.features());
        bundleForm(out, root, token);
        status(out, view.features());
        trust(out, view.trust());
        return out.append("</div>\n").toString();
    }

    private static void outcome(StringBuilder out, Outcome outcome) {
        out.append("<div id='pw-outcome' role='status' data-outcome='").append(outcome.ok() ? "done" : "failed")
                .append("' class='pw-outcome ").append(outcome.ok() ? "pw-outcome-done" : "pw-outcome-failed")
                .append("'>\n<p class='pw-outcome-head'>").append(outcome.ok() ? "Done: " : "Failed: ")
                .append(Html.escape(outcome.headline())).append("</p>\n");
        if (!outcome.message().isEmpty()) {
            out.append("<p class='pw-outcome-message").append(outcome.ok() ? "" : " pw-error")
                    .append("' id='pw-outcome-message'>").append(Html.escape(outcome.message())).append("</p>\n");
        }
        if (outcome.ok()) {
            if (outcome.changes().isEmpty()) {
                out.append("<p class='pw-empty'>nothing changed</p>\n");
            } else {
                out.append("<table class='pw-table pw-report' id='pw-outcome-report'><tbody>\n");
                for (Change c : outcome.changes()) {
                    out.append("<tr><th>").append(Html.escape(c.label())).append("</th><td><ul>");
                    for (String item : c.items()) {
                        out.append("<li>").append(Html.escape(item)).append("</li>");
                    }
                    out.append("</ul></td></tr>\n");
                }
                out.append("</tbody></table>\n");
            }
        }
        out.append("</div>\n");
    }

    /** The second step of an uninstall: what it removes, a button that carries it out, and a way back. */
    private static void confirmation(StringBuilder out, String root, String token, FeatureAction action,
            List<Feature> features) {
        String what;
        if (action.feature()) {
            Feature f = features.stream()
                    .filter(x -> x.id().equals(action.target()) || x.name().equals(action.target()))
                    .findFirst().orElse(null);
            what = (f == null ? "The feature's" : "Its " + f.bundles() + " bundle(s) and " + f.configurations()
                    + " configuration(s):") + " bundles are stopped and removed unless another installed feature "
                    + "needs them, and the configurations it created are deleted (a configuration changed since "
                    + "it was created is kept). What it published stops.";
        } else {
            what = "The bundle is stopped and removed; bundles wired to it are refreshed.";
        }
        out.append("<div id='pw-outcome' role='status' data-outcome='confirm' class='pw-outcome pw-outcome-confirm'>\n")
                .append("<p class='pw-outcome-head'>").append(Html.escape(action.describe())).append("?</p>\n")
                .append("<p class='pw-outcome-message' id='pw-outcome-message'>").append(Html.escape(what))
                .append("</p>\n<form class='pw-inline' method='post' action='").append(root).append("' id='pw-confirm'>")
                .append("<input type='hidden' name='").append(FeatureAction.TOKEN).append("' value='").append(token)
                .append("'><input type='hidden' name='").append(action.feature() ? FeatureAction.FEATURE
                        : FeatureAction.BUNDLE).append("' value='").append(Html.escape(action.target()))
                .append("'><input type='hidden' name='").append(FeatureAction.CONFIRM).append("' value='yes'>")
                .append("<button type='submit' name='").append(FeatureAction.ACTION).append("' value='uninstall'>")
                .append("Yes, uninstall</button></form> <a href='").append(root).append("' id='pw-cancel'>Cancel</a>\n")
                .append("</div>\n");
    }

    private static void features(StringBuilder out, String root, String token, List<Feature> features) {
        out.append("<h2 class='pw-h'>Features <span class='pw-note'>from the gateway's features directory and "
                + "those installed</span></h2>\n");
        if (features.isEmpty()) {
            out.append("<p class='pw-empty' id='pw-no-features'>No features: put feature JSON files into the "
                    + "installer's features directory.</p>\n");
            return;
        }
        out.append("<table class='tablelayout pw-table' id='pw-features-table'><thead><tr><th>Name</th><th>Id</th>"
                + "<th>Installed</th><th class='pw-num'>Bundles</th><th class='pw-num'>Configurations</th>"
                + "<th>Actions</th></tr></thead><tbody>\n");
        for (Feature f : features) {
            String id = Html.escape(f.id());
            out.append("<tr data-feature='").append(id).append("' data-installed='").append(f.installed())
                    .append("'><td>").append(Html.escape(f.name()));
            if (!f.description().isEmpty()) {
                out.append("<br><span class='pw-note'>").append(Html.escape(f.description())).append("</span>");
            }
            out.append("</td><td>").append(id).append("</td><td>")
                    .append(f.installed() ? "<span class='pw-badge pw-good'>installed</span>" : "no")
                    .append("</td><td class='pw-num'>").append(f.bundles()).append("</td><td class='pw-num'>")
                    .append(f.configurations()).append("</td><td>");
            if (f.installed()) {
                actionForm(out, root, token, "feature", f.id(), "update", "Update");
                actionForm(out, root, token, "feature", f.id(), "uninstall", "Uninstall");
            } else {
                actionForm(out, root, token, "feature", f.id(), "install", "Install");
            }
            out.append("</td></tr>\n");
        }
        out.append("</tbody></table>\n");
    }

    private static void actionForm(StringBuilder out, String root, String token, String field, String value,
            String action, String label) {
        out.append("<form class='pw-inline' method='post' action='").append(root).append("'>")
                .append("<input type='hidden' name='").append(FeatureAction.TOKEN).append("' value='").append(token)
                .append("'><input type='hidden' name='").append(field).append("' value='").append(Html.escape(value))
                .append("'><button type='submit' name='").append(FeatureAction.ACTION).append("' value='")
                .append(action).append("'>").append(label).append("</button></form> ");
    }

    private static void bundleForm(StringBuilder out, String root, String token) {
        out.append("<h2 class='pw-h'>Single bundle</h2>\n")
                .append("<form method='post' action='").append(root).append("' id='pw-bundle-form'>")
                .append("<input type='hidden' name='").append(FeatureAction.TOKEN).append("' value='").append(token)
                .append("'><label>Bundle <input type='text' name='").append(FeatureAction.BUNDLE)
                .append("' size='50' placeholder='groupId:artifactId:version, bundle id or symbolic name'></label> ")
                .append("<button type='submit' name='").append(FeatureAction.ACTION).append("' value='install'>")
                .append("Install</button> <button type='submit' name='").append(FeatureAction.ACTION)
                .append("' value='update'>Update</button> <button type='submit' name='").append(FeatureAction.ACTION)
                .append("' value='uninstall'>Uninstall</button></form>\n")
                .append("<p class='pw-note'>Install takes Maven coordinates of a jar in the gateway's repository; "
                        + "update and uninstall also take a bundle id or symbolic name. A bundle an installed "
                        + "feature needs is removed with its feature, not alone; only bundles installed here can be "
                        + "uninstalled here. Uninstall asks once more before it removes anything.</p>\n");
    }

    private static void status(StringBuilder out, List<Feature> features) {
        List<Feature> installed = features.stream().filter(Feature::installed).toList();
        if (installed.isEmpty()) {
            return;
        }
        out.append("<h2 class='pw-h'>Status of installed features <span class='pw-note'>components activate "
                + "asynchronously: reload the page to see them settle</span></h2>\n");
        for (Feature f : installed) {
            out.append("<h3 class='pw-h'>").append(Html.escape(f.name())).append("</h3>\n");
            if (f.statusProblem() != null) {
                out.append("<p class='pw-error'>").append(Html.escape(f.statusProblem())).append("</p>\n");
                continue;
            }
            if (f.status().isEmpty()) {
                out.append("<p class='pw-empty'>no configurations</p>\n");
                continue;
            }
            long notInUse = f.status().stream().filter(s -> !s.ok()).count();
            out.append("<table class='tablelayout pw-table pw-feature-status' data-feature='")
                    .append(Html.escape(f.id())).append("'><thead><tr><th>Configuration</th><th>Component</th>"
                            + "<th>State</th><th>Detail</th></tr></thead><tbody>\n");
            for (ComponentState s : f.status()) {
                out.append("<tr><td>").append(Html.escape(s.pid())).append("</td><td>")
                        .append(Html.escape(s.component())).append("</td><td><span class='pw-badge ")
                        .append(s.ok() ? "pw-good" : "pw-bad").append("'>").append(Html.escape(s.state()))
                        .append("</span></td><td>").append(Html.escape(s.detail())).append("</td></tr>\n");
            }
            out.append("</tbody></table>\n<p class='").append(notInUse == 0 ? "pw-note" : "pw-warn").append("'>")
                    .append(notInUse == 0 ? "all " + f.status().size() + " configurations in use"
                            : notInUse + " of " + f.status().size() + " configurations not in use")
                    .append("</p>\n");
        }
    }

    private static void trust(StringBuilder out, Trust trust) {
        if (trust == null) {
            return;
        }
        boolean enforcing = "enforce".equals(trust.mode());
        out.append("<h2 class='pw-h' id='pw-trust'>Trust <span class='pw-note'>what every install path checks "
                + "before a jar or feature file is used</span></h2>\n")
                .append("<p>Mode <span id='pw-trust-mode' class='pw-badge ").append(enforcing ? "pw-good" : "pw-bad")
                .append("'>").append(Html.escape(trust.mode())).append("</span>")
                .append(enforcing ? "" : " <span class='pw-warn'>jars that fail the checks are installed</span>")
                .append(" &middot; trust store <code>").append(Html.escape(trust.store())).append("</code></p>\n");
        if (trust.signers().isEmpty()) {
            out.append("<p class='pw-warn' id='pw-trust-signers'>No trusted signer: copy a certificate (PEM) into the "
                    + "trust store to trust the features and bundles it signs.</p>\n");
        } else {
            out.append("<p id='pw-trust-signers'>Trusted signers: ");
            for (int i = 0; i < trust.signers().size(); i++) {
                out.append(i > 0 ? "; " : "").append("<code>").append(Html.escape(trust.signers().get(i))).append("</code>");
            }
            out.append("</p>\n");
        }
        for (String problem : trust.storeProblems()) {
            out.append("<p class='pw-warn'>Not a certificate: ").append(Html.escape(problem)).append("</p>\n");
        }
        long total = trust.refusedByKind().values().stream().mapToLong(Long::longValue).sum();
        out.append("<p id='pw-trust-refused' data-refused='").append(total).append("'>Refused since the start: ")
                .append(total);
        trust.refusedByKind().forEach((kind, n) -> out.append(" &middot; ").append(Html.escape(kind)).append(' ')
                .append(n));
        out.append("</p>\n");
        if (trust.recent().isEmpty()) {
            return;
        }
        out.append("<table class='tablelayout pw-table' id='pw-trust-refusals'><thead><tr><th>Time</th><th>What</th>"
                + "<th>Kind</th><th>Reason</th><th>Outcome</th></tr></thead><tbody>\n");
        for (Refusal r : trust.recent().subList(0, Math.min(REFUSALS_SHOWN, trust.recent().size()))) {
            out.append("<tr><td>").append(Html.escape(r.time())).append("</td><td>").append(Html.escape(r.origin()))
                    .append("</td><td>").append(Html.escape(r.kind())).append("</td><td>")
                    .append(Html.escape(r.reason())).append("</td><td><span class='pw-badge ")
                    .append(r.installedAnyway() ? "pw-bad'>installed anyway" : "pw-good'>refused")
                    .append("</span></td></tr>\n");
        }
        out.append("</tbody></table>\n");
    }
}
