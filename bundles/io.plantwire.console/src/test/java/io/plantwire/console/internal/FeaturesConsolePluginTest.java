package io.plantwire.console.internal;

import static io.plantwire.console.internal.FakeFeatureManager.feature;
import static io.plantwire.console.internal.FakeFeatureManager.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.felix.webconsole.servlet.ServletConstants;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;

import io.plantwire.features.FeatureException;
import io.plantwire.features.FeatureManager;

class FeaturesConsolePluginTest {

    private static final String ROOT = "/system/console/plantwire-features";
    private static final String METERS = "io.plantwire.test:io.plantwire.feature.meters:1.0.0";

    private final FakeFeatureManager manager = new FakeFeatureManager()
            .with(feature("meters", false, 2, "probe.driver"));
    private final ServiceObjects service = new ServiceObjects(manager);
    private final FeaturesConsolePlugin plugin = new FeaturesConsolePlugin("token-1");

    @Test
    void aPostWithTheTokenActsAndLeavesTheResponseToTheConsoleWhichRendersTheOutcome() throws Exception {
        plugin.featureManager = service;
        manager.nextReport = report(METERS, List.of("probe.api 1.0.0 [12]"), List.of("probe.driver"));
        Request request = new Request("/plantwire-features", Map.of("token", "token-1", "action", "install",
                "feature", METERS));
        Response response = new Response();

        plugin.doPost(request.proxy(), response.proxy());

        assertThat(manager.changes()).containsExactly("installFeature(" + METERS + ")");
        // Untouched status and content type are what tells the console to wrap the page around renderContent.
        assertThat(response.status).isNull();
        assertThat(response.contentType).isNull();
        assertThat(request.attributes.get(FeaturesConsolePlugin.OUTCOME)).isInstanceOf(FeaturesPage.Outcome.class);

        manager.with(feature("meters", true, 2, "probe.driver"));
        manager.status.put(METERS, List.of());
        plugin.renderContent(request.proxy(), response.proxy());

        assertThat(response.text()).contains("Done: Install feature " + METERS, "<li>probe.api 1.0.0 [12]</li>",
                "data-installed='true'", "action='" + ROOT + "'", "value='token-1'");
        assertThat(service.gets).isPositive().isEqualTo(service.ungets);
    }

    @Test
    void uninstallShowsWhatItRemovesAndActsOnlyOnTheConfirmingForm() throws Exception {
        plugin.featureManager = service;
        manager.with(feature("meters", true, 2, "probe.driver"));
        manager.status.put(METERS, List.of());
        Request ask = new Request("/plantwire-features", Map.of("token", "token-1", "action", "uninstall",
                "feature", METERS));
        Response asked = new Response();

        plugin.doPost(ask.proxy(), asked.proxy());
        plugin.renderContent(ask.proxy(), asked.proxy());

        assertThat(manager.changes()).isEmpty();
        assertThat(asked.text()).contains("data-outcome='confirm'", "Uninstall feature " + METERS + "?",
                "Its 2 bundle(s) and 1 configuration(s)", "name='confirm' value='yes'",
                "name='feature' value='" + METERS + "'", "value='uninstall'>Yes, uninstall</button>",
                "<a href='" + ROOT + "' id='pw-cancel'>Cancel</a>").doesNotContain("Done:", "Failed:");

        manager.nextReport = report(METERS, List.of(), List.of());
        Request confirm = new Request("/plantwire-features", Map.of("token", "token-1", "action", "uninstall",
                "feature", METERS, "confirm", "yes"));
        plugin.doPost(confirm.proxy(), new Response().proxy());

        assertThat(manager.changes()).containsExactly("uninstallFeature(" + METERS + ")");

        // a single bundle asks the same way; install and update never ask
        plugin.doPost(new Request("/plantwire-features", Map.of("token", "token-1", "action", "uninstall",
                "bundle", "7")).proxy(), new Response().proxy());
        plugin.doPost(new Request("/plantwire-features", Map.of("token", "token-1", "action", "update",
                "feature", METERS)).proxy(), new Response().proxy());
        assertThat(manager.changes()).containsExactly("uninstallFeature(" + METERS + ")",
                "updateFeature(" + METERS + ")");
    }

    @Test
    void aPostWithoutTheTokenOrWithAnotherIsForbiddenAndChangesNothing() throws Exception {
        plugin.featureManager = service;
        for (Map<String, String> form : List.of(Map.of("action", "uninstall", "bundle", "7"),
                Map.of("token", "token-2", "action", "uninstall", "bundle", "7"),
                Map.of("token", "", "action", "uninstall", "bundle", "7"))) {
            Request request = new Request("/plantwire-features", form);
            Response response = new Response();

            plugin.doPost(request.proxy(), response.proxy());

            assertThat(response.status).isEqualTo(403);
            assertThat(response.contentType).startsWith("text/plain");
            assertThat(response.bytes.toString(StandardCharsets.UTF_8)).contains("form token", "Nothing was changed");
            assertThat(request.attributes).doesNotContainKey(FeaturesConsolePlugin.OUTCOME);
        }
        assertThat(manager.calls).isEmpty();
    }

    @Test
    void aPostBelowThePagePathIsNotFound() throws Exception {
        plugin.featureManager = service;
        Response response = new Response();
        plugin.doPost(new Request("/plantwire-features/res/console.css", Map.of("token", "token-1", "action",
                "install", "feature", METERS)).proxy(), response.proxy());
        assertThat(response.status).isEqualTo(404);
        assertThat(manager.calls).isEmpty();
    }

    @Test
    void withoutAFeatureManagerThePageSaysTheInstallerIsNotInstalled() throws Exception {
        Request request = new Request("/plantwire-features", Map.of("token", "token-1", "action", "install",
                "feature", "meters"));
        Response response = new Response();

        plugin.doPost(request.proxy(), response.proxy());
        plugin.renderContent(request.proxy(), response.proxy());

        assertThat(response.status).isNull();
        assertThat(response.text()).contains("Failed: Install feature meters", "id='pw-features-unavailable'",
                "Feature installer not installed").doesNotContain("<form");
    }

    @Test
    void aBadFormIsAnsweredWithWhatToFillIn() throws Exception {
        plugin.featureManager = service;
        FeaturesPage.Outcome outcome = plugin.perform(Map.of("action", "install", "bundle", "  ")::get);
        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.message()).startsWith("nothing to install: pick a feature in the list or enter a bundle");
        assertThat(manager.calls).isEmpty();
    }

    @Test
    void aFailureOfTheInstallerIsShownAsItsMessage() throws Exception {
        plugin.featureManager = service;
        manager.nextFailure = new FeatureException("feature " + METERS + " was not installed: x (the gateway was "
                + "left as it was)");
        Request request = new Request("/plantwire-features", Map.of("token", "token-1", "action", "install",
                "feature", "meters"));
        Response response = new Response();

        plugin.doPost(request.proxy(), response.proxy());
        plugin.renderContent(request.proxy(), response.proxy());

        assertThat(response.text()).contains("data-outcome='failed'", "(the gateway was left as it was)")
                .doesNotContain("FeatureException", "\tat ");
    }

    @Test
    void onlyTheStylesheetIsServedFromTheBundle() {
        assertThat(plugin.getResource("/plantwire-features/res/console.css")).isNotNull();
        assertThat(plugin.getResource("/plantwire-features/res/console.js")).isNull();
        assertThat(plugin.getResource("/plantwire-features/res/../internal/FeaturesConsolePlugin.class")).isNull();
        assertThat(plugin.getResource("/plantwire-features/res/io/plantwire/console/internal/Html.class")).isNull();
    }

    @Test
    void thePageComponentLoadsAndRendersWhenTheFeaturesApiIsAbsent() throws Exception {
        ClassLoader withoutApi = new WithoutFeaturesApi(getClass().getClassLoader());
        Class<?> pluginClass = withoutApi.loadClass(FeaturesConsolePlugin.class.getName());
        // What DS does with the class: its constructors and fields (for the field reference) by reflection.
        Object isolated = pluginClass.getConstructor().newInstance();
        assertThat(pluginClass.getDeclaredFields()).isNotEmpty();
        assertThat(pluginClass.getDeclaredMethods()).isNotEmpty();
        Class<?> outcomeClass = withoutApi.loadClass(FeaturesPage.Outcome.class.getName());
        Class<?> viewClass = withoutApi.loadClass(FeaturesPage.View.class.getName());
        Method view = pluginClass.getDeclaredMethod("view", outcomeClass);
        view.setAccessible(true);
        Object page = view.invoke(isolated, (Object) null);
        Method render = withoutApi.loadClass(FeaturesPage.class.getName())
                .getDeclaredMethod("render", String.class, String.class, viewClass);
        render.setAccessible(true);

        assertThat((String) render.invoke(null, ROOT, "t", page)).contains("Feature installer not installed");
        // The loader really hides the API: the class that uses it cannot be loaded there.
        assertThatThrownBy(() -> withoutApi.loadClass(FeatureDesk.class.getName()).getDeclaredMethods())
                .isInstanceOf(NoClassDefFoundError.class).hasMessageContaining("io/plantwire/features/");
    }

    /** Defines the console's classes itself and refuses io.plantwire.features, as Felix does without the import. */
    private static final class WithoutFeaturesApi extends ClassLoader {

        WithoutFeaturesApi(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                if (name.startsWith("io.plantwire.features.")) {
                    throw new ClassNotFoundException(name);
                }
                if (!name.startsWith("io.plantwire.console.internal.")) {
                    return super.loadClass(name, resolve);
                }
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        if (in == null) {
                            throw new ClassNotFoundException(name);
                        }
                        byte[] bytes = in.readAllBytes();
                        c = defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }

    /** The reference as DS injects it: a ComponentServiceObjects; counts gets and ungets. */
    private static final class ServiceObjects implements ComponentServiceObjects<FeatureManager> {
        private final FeatureManager manager;
        int gets;
        int ungets;

        ServiceObjects(FeatureManager manager) {
            this.manager = manager;
        }

        @Override
        public FeatureManager getService() {
            gets++;
            return manager;
        }

        @Override
        public void ungetService(FeatureManager service) {
            ungets++;
        }

        @Override
        public ServiceReference<FeatureManager> getServiceReference() {
            throw new UnsupportedOperationException();
        }
    }

    /** Just what the plugin reads from a request; anything else fails the test. */
    private static final class Request {
        final String pathInfo;
        final Map<String, String> parameters;
        final Map<String, Object> attributes = new HashMap<>();
        String encoding;

        Request(String pathInfo, Map<String, String> parameters) {
            this.pathInfo = pathInfo;
            this.parameters = parameters;
            attributes.put(ServletConstants.ATTR_PLUGIN_ROOT, ROOT);
        }

        HttpServletRequest proxy() {
            return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServletRequest.class}, (p, m, args) -> {
                        switch (m.getName()) {
                            case "getPathInfo": return pathInfo;
                            case "getParameter": return parameters.get((String) args[0]);
                            case "getAttribute": return attributes.get((String) args[0]);
                            case "setAttribute": attributes.put((String) args[0], args[1]); return null;
                            case "getCharacterEncoding": return encoding;
                            case "setCharacterEncoding": encoding = (String) args[0]; return null;
                            default: throw new UnsupportedOperationException(m.getName());
                        }
                    });
        }
    }

    /** Records what the plugin sets and writes. */
    private static final class Response {
        Integer status;
        String contentType;
        final StringWriter writer = new StringWriter();
        final PrintWriter printWriter = new PrintWriter(writer);
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        String text() {
            printWriter.flush();
            return writer.toString();
        }

        HttpServletResponse proxy() {
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                }

                @Override
                public void write(int b) {
                    bytes.write(b);
                }
            };
            return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (p, m, args) -> {
                        switch (m.getName()) {
                            case "setStatus":
                            case "sendError": status = (Integer) args[0]; return null;
                            case "setContentType": contentType = (String) args[0]; return null;
                            case "setContentLength":
                            case "setHeader":
                            case "addHeader":
                            case "setDateHeader": return null;
                            case "getOutputStream": return out;
                            case "getWriter": return printWriter;
                            default: throw new UnsupportedOperationException(m.getName());
                        }
                    });
        }
    }
}
