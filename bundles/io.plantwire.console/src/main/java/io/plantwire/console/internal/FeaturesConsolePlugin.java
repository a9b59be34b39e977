package io.plantwire.console.internal;

import io.plantwire.features.FeatureManager;
import io.plantwire.features.TrustStatus;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The Web Console page "Plantwire Features" ({@code /system/console/plantwire-features}): lists the features the
 * {@link FeatureManager} knows, installs, updates and uninstalls features and single bundles by POST, shows what
 * changed or why it failed, and the component status of every installed feature.
 *
 * <p>The FeatureManager reference is optional and dynamic, and the bundle imports {@code io.plantwire.features}
 * optionally, so the console works without the feature installer and this page then says so. The reference is held
 * as {@link ComponentServiceObjects}, whose erased type keeps the API out of this class's fields and signatures:
 * DS reflects on them, which would load the API classes, and they may not exist. Everything that uses the API is in
 * {@link FeatureDesk}, loaded only when a FeatureManager is bound.
 *
 * <p>The Web Console has no protection against cross-site requests and browsers resend Basic credentials on their
 * own, so every form carries a random token made when the page component starts; a POST without it changes nothing.
 * A POST with the token performs the action and leaves the response untouched, so the console wraps the page around
 * it and {@link #renderContent} shows the outcome above the refreshed list.
 */
@Component(service = Servlet.class,
        property = {
            ServletConstants.PLUGIN_LABEL + "=" + FeaturesConsolePlugin.LABEL,
            ServletConstants.PLUGIN_TITLE + "=Plantwire Features",
            ServletConstants.PLUGIN_CATEGORY + "=Plantwire",
            ServletConstants.PLUGIN_CSS_REFERENCES + "=/" + FeaturesConsolePlugin.LABEL + "/res/console.css"
        })
public final class FeaturesConsolePlugin extends AbstractServlet {

    private static final long serialVersionUID = 1L;

    /** The plugin's label: its path under the console root. */
    static final String LABEL = "plantwire-features";

    /** What the page says when no FeatureManager is there. */
    static final String NOT_INSTALLED = "Feature installer not installed: add the bundle io.plantwire.features to "
            + "the gateway to install, update and remove features here.";

    /** The FeatureManager appeared after this bundle was resolved without its package. */
    static final String NOT_WIRED = "The feature installer is running, but this console bundle was resolved before "
            + "its API package io.plantwire.features was there: refresh the bundle io.plantwire.console (Bundles "
            + "page, or refresh in the Gogo shell) to use this page.";

    /** Request attribute carrying the outcome of a POST to the rendering of the same request. */
    static final String OUTCOME = FeaturesConsolePlugin.class.getName() + ".outcome";

    private final transient String formToken;

    @Reference(service = FeatureManager.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile transient ComponentServiceObjects<FeatureManager> featureManager;

    @Reference(service = TrustStatus.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile transient ComponentServiceObjects<TrustStatus> trustStatus;

    public FeaturesConsolePlugin() {
        this(newToken());
    }

    FeaturesConsolePlugin(String formToken) {
        this.formToken = formToken;
    }

    private static String newToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        setNoCache(response);
        // Serves res/console.css; anything else is left unanswered so the console renders the page around us.
        super.doGet(request, response);
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
        if (!tokenMatches(request.getParameter(FeatureAction.TOKEN))) {
            byte[] body = ("The form token is missing or out of date (the gateway restarted since the page was "
                    + "loaded, or the request did not come from the page). Nothing was changed; reload "
                    + "the page and try again.\n").getBytes(StandardCharsets.UTF_8);
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setContentType("text/plain;charset=utf-8");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            return;
        }
        setNoCache(response);
        // Leaving status and content type alone makes the console render the page, with this outcome on top.
        request.setAttribute(OUTCOME, perform(request::getParameter));
    }

    /** Carries out the form's action; never throws. */
    FeaturesPage.Outcome perform(java.util.function.Function<String, String> parameter) {
        FeatureAction action;
        try {
            action = FeatureAction.parse(parameter);
        } catch (FeatureAction.Invalid e) {
            return FeaturesPage.Outcome.failed("Nothing done", e.getMessage());
        }
        ComponentServiceObjects<FeatureManager> manager = featureManager;
        if (manager == null) {
            return FeaturesPage.Outcome.failed(action.describe(), NOT_INSTALLED);
        }
        if (action.needsConfirmation()) {
            return FeaturesPage.Outcome.confirm(action); // nothing changes until the confirming form comes back
        }
        try {
            FeaturesPage.Outcome outcome = FeatureDesk.perform(manager, action);
            return outcome != null ? outcome : FeaturesPage.Outcome.failed(action.describe(), NOT_INSTALLED);
        } catch (LinkageError e) {
            return FeaturesPage.Outcome.failed(action.describe(), NOT_WIRED);
        }
    }

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object root = request.getAttribute(ServletConstants.ATTR_PLUGIN_ROOT);
        String pluginRoot = root instanceof String ? (String) root
                : request.getContextPath() + request.getServletPath() + "/" + LABEL;
        Object outcome = request.getAttribute(OUTCOME);
        response.getWriter().print(FeaturesPage.render(pluginRoot, formToken,
                view(outcome instanceof FeaturesPage.Outcome ? (FeaturesPage.Outcome) outcome : null)));
    }

    /** What the page shows now, after the action if there was one. */
    FeaturesPage.View view(FeaturesPage.Outcome outcome) {
        ComponentServiceObjects<FeatureManager> manager = featureManager;
        if (manager == null) {
            return new FeaturesPage.View(NOT_INSTALLED, List.of(), outcome);
        }
        try {
            List<FeaturesPage.Feature> features = FeatureDesk.features(manager);
            return features != null ? new FeaturesPage.View(null, features, outcome, trust())
                    : new FeaturesPage.View(NOT_INSTALLED, List.of(), outcome);
        } catch (LinkageError e) {
            return new FeaturesPage.View(NOT_WIRED, List.of(), outcome);
        } catch (RuntimeException e) {
            return new FeaturesPage.View("The feature installer failed to list the features: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                    List.of(), outcome);
        }
    }

    /** The trust policy to show, or null without one. */
    private FeaturesPage.Trust trust() {
        ComponentServiceObjects<TrustStatus> service = trustStatus;
        if (service == null) {
            return null;
        }
        try {
            return TrustDesk.trust(service);
        } catch (LinkageError | RuntimeException e) {
            return null; // the page still lists the features
        }
    }

    private boolean tokenMatches(String given) {
        return given != null && MessageDigest.isEqual(formToken.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }

    String formToken() {
        return formToken;
    }

    @Override
    protected URL getResource(String path) {
        // Only the console's stylesheet, shared with the Plantwire page; no request path reaches the class loader.
        return ("/" + LABEL + "/res/console.css").equals(path)
                ? FeaturesConsolePlugin.class.getResource("/plantwire-console/console.css") : null;
    }
}
