package io.plantwire.console.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Predicate;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;
import org.osgi.util.tracker.ServiceTracker;

import io.plantwire.features.FeatureInfo;
import io.plantwire.features.FeatureManager;
import io.plantwire.test.support.FileTrees;

/**
 * The page "Plantwire Features" with the real feature installer and the real Web Console: the test builds a small
 * bundle into a temporary Maven-layout repository, writes feature files into a temporary features directory, points
 * the installer at them and drives the page over HTTP as a browser's forms would.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class FeaturesPageInFrameworkTest {

    private static final String USER = "operator";
    private static final String PASSWORD = "plant-floor-test-2026";
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String PAGE = "system/console/plantwire-features";
    private static final String GROUP = "io.plantwire.test";
    private static final String LAMP_BUNDLE = "probe.console.lamp";
    private static final String LAMP = GROUP + ":io.plantwire.feature.lamp:1.0.0";
    private static final String MISSING = GROUP + ":io.plantwire.feature.missing:1.0.0";
    private static final String UNRESOLVABLE = GROUP + ":io.plantwire.feature.unresolvable:1.0.0";
    private static final Pattern TOKEN = Pattern.compile("name='token' value='([0-9a-f]+)'");

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin configurationAdmin;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private URI root;
    private Path home;
    private FeatureManager manager;

    @BeforeEach
    void gatewayHomeWithAFeatureAndABrokenOne() throws Exception {
        root = URI.create(ConsoleEndpoint.await(context, PATIENCE));
        home = Files.createTempDirectory("plantwire-console-features");
        Path repository = Files.createDirectories(home.resolve("repository"));
        Path features = Files.createDirectories(home.resolve("features"));
        writeBundle(repository, LAMP_BUNDLE);
        writeBundle(repository, "probe.console.needy", "Import-Package", "com.acme.missing;version=\"[2,3)\"");
        String lampCoordinates = GROUP + ":" + LAMP_BUNDLE + ":1.0.0";
        writeFeature(features, "lamp", LAMP, List.of(lampCoordinates), "\"probe.console.lamp\": {\"colour\": \"green\"}");
        // A bundle the repository does not have: refused before anything is touched.
        writeFeature(features, "missing", MISSING, List.of(lampCoordinates, GROUP + ":probe.console.missing:1.0.0"),
                "\"probe.console.missing\": {\"colour\": \"red\"}");
        // Both bundles are there but one cannot resolve: the lamp is installed first and must be taken back out.
        writeFeature(features, "unresolvable", UNRESOLVABLE, List.of(lampCoordinates,
                GROUP + ":probe.console.needy:1.0.0"), "\"probe.console.needy\": {\"colour\": \"red\"}");
        manager = configureInstaller(repository, features);
    }

    @AfterEach
    void removeWhatTheTestInstalled() throws Exception {
        if (manager != null) {
            for (FeatureInfo f : manager.features()) {
                if (f.installed()) {
                    manager.uninstallFeature(f.id());
                }
            }
        }
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName() != null && b.getSymbolicName().startsWith("probe.console.")) {
                b.uninstall();
            }
        }
        FileTrees.deleteQuietly(home);
    }

    @Test
    void installsAFeatureThroughThePageSeesItRunAndUninstallsIt() throws Exception {
        HttpResponse<String> page = await("the page lists the lamp feature", () -> get(PAGE, true),
                r -> r.statusCode() == 200 && r.body().contains("data-feature='" + LAMP + "' data-installed='false'"));
        assertThat(page.body()).contains("Plantwire Features", "value='install'>Install</button>");

        HttpResponse<String> install = post(Map.of("token", token(page), "action", "install", "feature", LAMP));

        assertThat(install.statusCode()).isEqualTo(200);
        assertThat(install.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/html"));
        assertThat(outcome(install)).contains("data-outcome='done'", "Done: Install feature " + LAMP,
                "<th>installed</th>", LAMP_BUNDLE + " 1.0.0 [", "<th>configurations created</th>",
                "<li>probe.console.lamp</li>");
        Bundle lamp = bundle(LAMP_BUNDLE);
        assertThat(lamp).as("the lamp bundle is installed").isNotNull();
        assertThat(lamp.getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(configurationAdmin.listConfigurations("(service.pid=probe.console.lamp)")).hasSize(1);
        // The page after the action lists the feature as installed, with the status of its configuration: no
        // component in this framework uses it.
        assertThat(install.body()).contains("data-feature='" + LAMP + "' data-installed='true'",
                "value='uninstall'>Uninstall</button>", "<td>probe.console.lamp</td>", "NO_COMPONENT");

        // The first press only asks, naming what would go; nothing changes until the confirming form comes back.
        HttpResponse<String> ask = post(Map.of("token", token(install), "action", "uninstall", "feature", "lamp"));
        assertThat(outcome(ask)).contains("data-outcome='confirm'", "Uninstall feature lamp?",
                "name='confirm' value='yes'");
        assertThat(bundle(LAMP_BUNDLE).getState()).isEqualTo(Bundle.ACTIVE);

        HttpResponse<String> uninstall = post(Map.of("token", token(ask), "action", "uninstall",
                "feature", "lamp", "confirm", "yes"));

        assertThat(outcome(uninstall)).contains("data-outcome='done'", "<th>uninstalled</th>",
                LAMP_BUNDLE + " 1.0.0 [" + lamp.getBundleId() + "]", "<th>configurations deleted</th>");
        assertThat(bundle(LAMP_BUNDLE)).isNull();
        assertThat(configurationAdmin.listConfigurations("(service.pid=probe.console.lamp)")).isNull();
        assertThat(uninstall.body()).contains("data-feature='" + LAMP + "' data-installed='false'");
    }

    @Test
    void aFeatureNamingAMissingBundleIsNotInstalledAndTheReasonIsShown() throws Exception {
        HttpResponse<String> page = await("the page lists the feature", () -> get(PAGE, true),
                r -> r.statusCode() == 200 && r.body().contains("data-feature='" + MISSING + "'"));
        String bundlesBefore = bundleFingerprint();
        List<String> configurationsBefore = configurationPids();

        HttpResponse<String> install = post(Map.of("token", token(page), "action", "install", "feature", MISSING));

        assertThat(install.statusCode()).isEqualTo(200);
        String outcome = outcome(install);
        assertThat(outcome).contains("data-outcome='failed'", "Failed: Install feature " + MISSING,
                "feature " + MISSING + " was not installed: " + GROUP + ":probe.console.missing:1.0.0 is not in the "
                        + "local repository", "(nothing was changed)");
        assertThat(outcome).doesNotContain("\tat ", "Exception:");
        assertThat(bundleFingerprint()).isEqualTo(bundlesBefore);
        assertThat(configurationPids()).isEqualTo(configurationsBefore);
        assertThat(install.body()).contains("data-feature='" + MISSING + "' data-installed='false'");
    }

    @Test
    void aFeatureThatCannotResolveIsRolledBackAndTheMissingRequirementIsShown() throws Exception {
        HttpResponse<String> page = await("the page lists the feature", () -> get(PAGE, true),
                r -> r.statusCode() == 200 && r.body().contains("data-feature='" + UNRESOLVABLE + "'"));
        String bundlesBefore = bundleFingerprint();
        List<String> configurationsBefore = configurationPids();

        HttpResponse<String> install = post(Map.of("token", token(page), "action", "install", "feature",
                "unresolvable"));

        String outcome = outcome(install);
        assertThat(outcome).contains("data-outcome='failed'", "feature " + UNRESOLVABLE + " was not installed",
                "probe.console.needy", "com.acme.missing", "(the gateway was left as it was)");
        assertThat(outcome).doesNotContain("\tat ");
        assertThat(bundleFingerprint()).as("the lamp bundle was installed and taken out again")
                .isEqualTo(bundlesBefore);
        assertThat(configurationPids()).isEqualTo(configurationsBefore);
    }

    @Test
    void aPostWithoutTheFormTokenOrWithoutCredentialsChangesNothing() throws Exception {
        await("the page lists the lamp feature", () -> get(PAGE, true),
                r -> r.statusCode() == 200 && r.body().contains("data-feature='" + LAMP + "'"));

        HttpResponse<String> forged = post(Map.of("action", "install", "feature", LAMP));
        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(root.resolve(PAGE))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("action", "install", "feature", LAMP))))
                .build());

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("form token", "Nothing was changed");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(bundle(LAMP_BUNDLE)).isNull();
    }

    @Test
    void badInputIsAnsweredWithAMessage() throws Exception {
        HttpResponse<String> page = await("the page", () -> get(PAGE, true),
                r -> r.statusCode() == 200 && r.body().contains("data-feature='" + LAMP + "'"));
        String token = token(page);

        assertThat(outcome(post(Map.of("token", token, "action", "install", "bundle", " "))))
                .contains("data-outcome='failed'", "nothing to install");
        assertThat(outcome(post(Map.of("token", token, "action", "install", "feature", "no-such-feature"))))
                .contains("no feature &#39;no-such-feature&#39; is known to the feature installer; known: lamp, "
                        + "missing, unresolvable");
        assertThat(outcome(post(Map.of("token", token, "action", "uninstall", "bundle", "no.such.bundle",
                "confirm", "yes")))).contains("data-outcome='failed'", "no.such.bundle");
        assertThat(outcome(post(Map.of("token", token, "action", "install", "bundle",
                GROUP + ":probe.console.missing:1.0.0")))).contains("data-outcome='failed'", "probe.console.missing");
    }

    @Test
    void underEnforcedTrustAnUnsignedBundlePostedThroughThePageIsRefusedAndShown() throws Exception {
        // This run's other tests use trust.mode=off (test.bndrun); a configuration decides alone once it is there.
        Path trustStore = Files.createDirectories(home.resolve("trust"));
        Configuration trust = configurationAdmin.getConfiguration("io.plantwire.trust", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("trust.mode", "enforce");
        props.put("trust.store", trustStore.toString());
        trust.update(props);
        try {
            HttpResponse<String> page = await("the page with the enforced trust policy", () -> get(PAGE, true),
                    r -> r.statusCode() == 200 && r.body().contains("id='pw-trust-mode' class='pw-badge pw-good'>enforce"));

            HttpResponse<String> install = post(Map.of("token", token(page), "action", "install", "bundle",
                    GROUP + ":" + LAMP_BUNDLE + ":1.0.0"));

            assertThat(outcome(install)).contains("data-outcome='failed'", LAMP_BUNDLE + "-1.0.0.jar refused: it is "
                    + "not signed");
            assertThat(bundle(LAMP_BUNDLE)).isNull();
            assertThat(install.body()).contains("No trusted signer").contains("id='pw-trust-refusals'")
                    .contains("<td>unsigned</td><td>it is not signed</td>");
        } finally {
            trust.delete();
        }
    }

    @Test
    void aSingleBundleIsInstalledAndUninstalledByCoordinatesAndSymbolicName() throws Exception {
        HttpResponse<String> page = await("the page", () -> get(PAGE, true), r -> r.statusCode() == 200
                && r.body().contains("id='pw-bundle-form'"));

        HttpResponse<String> install = post(Map.of("token", token(page), "action", "install", "bundle",
                GROUP + ":" + LAMP_BUNDLE + ":1.0.0"));

        assertThat(outcome(install)).contains("data-outcome='done'", "<th>installed</th>", LAMP_BUNDLE + " 1.0.0");
        assertThat(bundle(LAMP_BUNDLE).getState()).isEqualTo(Bundle.ACTIVE);

        HttpResponse<String> uninstall = post(Map.of("token", token(install), "action", "uninstall", "bundle",
                LAMP_BUNDLE, "confirm", "yes"));

        assertThat(outcome(uninstall)).contains("data-outcome='done'", "<th>uninstalled</th>");
        assertThat(bundle(LAMP_BUNDLE)).isNull();
    }

    @Test
    void withoutTheFeatureInstallerThePageSaysSoAndTheConsoleGoesOn() throws Exception {
        Bundle installer = bundle("io.plantwire.features");
        assertThat(installer).isNotNull();
        installer.stop();
        try {
            HttpResponse<String> page = await("the page without the installer", () -> get(PAGE, true),
                    r -> r.statusCode() == 200 && r.body().contains("Feature installer not installed"));
            assertThat(page.body()).doesNotContain("<form method='post'");
            assertThat(get("system/console/plantwire", true).statusCode()).isEqualTo(200);
        } finally {
            installer.start();
        }
        manager = awaitManager(null);
        await("the page with the installer back", () -> get(PAGE, true),
                r -> r.statusCode() == 200 && r.body().contains("id='pw-bundle-form'"));
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private FeatureManager configureInstaller(Path repository, Path features) throws Exception {
        Configuration c = configurationAdmin.getConfiguration("io.plantwire.features", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("repository", repository.toString());
        props.put("featuresDirectory", features.toString());
        props.put("marker", home.toString());
        c.update(props);
        return awaitManager(home.toString());
    }

    /** The installer restarts with a new configuration; waits for the instance that carries the marker. */
    private FeatureManager awaitManager(String marker) throws Exception {
        String filter = "(objectClass=" + FeatureManager.class.getName() + ")";
        if (marker != null) {
            filter = "(&" + filter + "(marker=" + marker.replace("\\", "\\\\") + "))";
        }
        ServiceTracker<FeatureManager, FeatureManager> tracker = new ServiceTracker<>(context,
                context.createFilter(filter), null);
        tracker.open();
        try {
            FeatureManager found = tracker.waitForService(PATIENCE.toMillis());
            assertThat(found).as("feature installer " + filter).isNotNull();
            return found;
        } finally {
            tracker.close();
        }
    }

    /** A bundle of version 1.0.0 with only a manifest, at its Maven path in the repository. */
    private static void writeBundle(Path repository, String symbolicName, String... headers) throws IOException {
        String version = "1.0.0";
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", version);
        for (int i = 0; i < headers.length; i += 2) {
            main.putValue(headers[i], headers[i + 1]);
        }
        Path jar = repository.resolve(GROUP.replace('.', '/')).resolve(symbolicName).resolve(version)
                .resolve(symbolicName + "-" + version + ".jar");
        Files.createDirectories(jar.getParent());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            // a manifest is all a bundle needs to resolve and start
        }
    }

    private static void writeFeature(Path dir, String name, String id, List<String> bundles, String configurations)
            throws IOException {
        String json = "{\n  \"feature-resource-version\": \"1.0\",\n  \"id\": \"" + id + "\",\n  \"name\": \"" + name
                + " test feature\",\n  \"bundles\": [" + bundles.stream().map(b -> "\"" + b + "\"")
                        .collect(Collectors.joining(", "))
                + "],\n  \"configurations\": {" + configurations + "}\n}\n";
        Files.writeString(dir.resolve(name + ".json"), json, StandardCharsets.UTF_8);
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    private String bundleFingerprint() {
        StringBuilder out = new StringBuilder();
        for (Bundle b : context.getBundles()) {
            out.append(b.getBundleId()).append(' ').append(b.getSymbolicName()).append(' ').append(b.getState())
                    .append(' ').append(b.getLastModified()).append('\n');
        }
        return out.toString();
    }

    private List<String> configurationPids() throws Exception {
        Configuration[] all = configurationAdmin.listConfigurations(null);
        List<String> pids = new ArrayList<>();
        if (all != null) {
            for (Configuration c : all) {
                pids.add(c.getPid());
            }
        }
        pids.sort(null);
        return pids;
    }

    private static String token(HttpResponse<String> page) {
        Matcher m = TOKEN.matcher(page.body());
        assertThat(m.find()).as("the page carries a form token").isTrue();
        return m.group(1);
    }

    /** The outcome block the page shows above the list after a POST. */
    private static String outcome(HttpResponse<String> response) {
        String body = response.body();
        int start = body.indexOf("<div id='pw-outcome'");
        assertThat(start).as("outcome in " + body.substring(0, Math.min(400, body.length()))).isNotNegative();
        return body.substring(start, body.indexOf("</div>", start) + 6);
    }

    private HttpResponse<String> post(Map<String, String> fields) throws Exception {
        return send(HttpRequest.newBuilder(root.resolve(PAGE)).timeout(Duration.ofSeconds(60))
                .header("Authorization", basic())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields))).build());
    }

    private static String form(Map<String, String> fields) {
        return new LinkedHashMap<>(fields).entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private HttpResponse<String> get(String path, boolean authenticated) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(root.resolve(path)).timeout(Duration.ofSeconds(10));
        if (authenticated) {
            b.header("Authorization", basic());
        }
        return send(b.build());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> await(String what, HttpPolling.Call call,
            Predicate<HttpResponse<String>> until) throws Exception {
        return HttpPolling.await(what, PATIENCE, call, until);
    }
}
