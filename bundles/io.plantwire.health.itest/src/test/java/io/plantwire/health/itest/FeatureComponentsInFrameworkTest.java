package io.plantwire.health.itest;

import static io.plantwire.health.itest.Fixture.HEALTH_PID;
import static io.plantwire.health.itest.Fixture.WAIT;
import static io.plantwire.health.itest.Fixture.awaitReport;
import static io.plantwire.health.itest.Fixture.check;
import static io.plantwire.health.itest.Fixture.configure;
import static io.plantwire.health.itest.Fixture.delete;
import static io.plantwire.health.itest.Fixture.deleteAndAwaitTaken;
import static io.plantwire.health.itest.Fixture.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import io.plantwire.features.FeatureInfo;
import io.plantwire.features.FeatureManager;
import io.plantwire.health.GatewayHealth;
import io.plantwire.health.HealthReport;
import io.plantwire.test.support.FileTrees;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The feature check against the real feature installer: features installed from a repository the test writes, one
 * of whose bundles the test stops, and one whose configuration makes a real component (the pipeline) fail.
 */
class FeatureComponentsInFrameworkTest {

    private static final String INSTALLER_PID = "io.plantwire.features";
    private static final String GROUP = "io.plantwire.test";

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin admin;

    @InjectService
    ServiceAware<GatewayHealth> health;

    private Path home;
    private FeatureManager manager;

    @BeforeEach
    void installer() throws Exception {
        home = Files.createTempDirectory("plantwire-health-features");
        configure(admin, HEALTH_PID, Map.of("minFreeDiskBytes", 0L, "dataDirectory", home.toString()));
        Configuration c = admin.getConfiguration(INSTALLER_PID, "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("repository", home.resolve("repository").toString());
        props.put("featuresDirectory", Files.createDirectories(home.resolve("features")).toString());
        props.put("marker", home.toString());
        c.update(props);
        ServiceTracker<FeatureManager, FeatureManager> tracker = new ServiceTracker<>(context,
                context.createFilter("(&(objectClass=" + FeatureManager.class.getName() + ")(marker="
                        + home.toString().replace("\\", "\\\\") + "))"), null);
        tracker.open();
        try {
            manager = tracker.waitForService(WAIT.toMillis());
        } finally {
            tracker.close();
        }
        assertThat(manager).as("feature installer with the test's configuration").isNotNull();
        bundle("probe.plain", "1.0.0");
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (FeatureInfo f : manager.features()) {
            if (f.installed()) {
                manager.uninstallFeature(f.id());
            }
        }
        delete(admin, ProbeComponent.PID);
        deleteAndAwaitTaken(admin, HEALTH_PID);
        delete(admin, INSTALLER_PID);
        FileTrees.deleteQuietly(home);
    }

    @Test
    void installedFeaturePassesAndFailsWhenItsBundleStops() throws Exception {
        feature("plain", "");
        manager.installFeature("plain");
        HealthReport ok = awaitReport(health::getService, r -> check(r, "features").messages().toString()
                .contains("1 installed feature checked"));
        assertThat(check(ok, "features").status()).isEqualTo("OK");

        Bundle plain = null;
        for (Bundle b : context.getBundles()) {
            if ("probe.plain".equals(b.getSymbolicName())) {
                plain = b;
            }
        }
        assertThat(plain).isNotNull();
        plain.stop();
        HealthReport stopped = awaitReport(health::getService, status("features", "CRITICAL"));
        assertThat(check(stopped, "features").messages().toString())
                .contains("feature plain", "bundle probe.plain is RESOLVED, not active");
        plain.start();
        awaitReport(health::getService, status("features", "OK"));
    }

    @Test
    void featureConfigurationThatFailsItsComponentFailsTheCheck() throws Exception {
        feature("broken", "\"" + ProbeComponent.PID + "\": {\"fail:Boolean\": true}");
        manager.installFeature("broken");
        HealthReport report = awaitReport(health::getService, status("features", "CRITICAL"));
        assertThat(check(report, "features").messages().toString())
                .contains("feature broken", "configuration probe.failing is FAILED_ACTIVATION",
                        "fail=true asks this component to fail");

        // The same feature with a good value: the component runs and the check passes again.
        configure(admin, ProbeComponent.PID, Map.of("fail", false));
        awaitReport(health::getService, status("features", "OK"));
    }

    private void bundle(String symbolicName, String version) throws Exception {
        Path jar = home.resolve("repository").resolve(GROUP.replace('.', '/')).resolve(symbolicName).resolve(version)
                .resolve(symbolicName + "-" + version + ".jar");
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", version);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            // a bundle with nothing but its manifest
        }
    }

    private void feature(String name, String configurations) throws Exception {
        String json = "{\"feature-resource-version\": \"1.0\", \"id\": \"" + GROUP + ":io.plantwire.feature." + name
                + ":1.0.0\", \"name\": \"" + name + "\", \"bundles\": [\"" + GROUP + ":probe.plain:1.0.0\"],"
                + " \"configurations\": {" + configurations + "}}";
        Files.writeString(home.resolve("features").resolve(name + ".json"), json, StandardCharsets.UTF_8);
    }
}
