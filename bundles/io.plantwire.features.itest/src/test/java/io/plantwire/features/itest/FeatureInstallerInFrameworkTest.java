package io.plantwire.features.itest;

import static io.plantwire.features.itest.TestRepository.coordinates;
import static io.plantwire.features.itest.TestRepository.featureId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

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

import io.plantwire.features.ChangeReport;
import io.plantwire.features.FeatureException;
import io.plantwire.features.FeatureInfo;
import io.plantwire.features.FeatureManager;
import io.plantwire.test.support.Await;

/**
 * The real feature installer in Felix, installing bundles the test builds into a temporary repository. The
 * "meters" feature is probe.api (exports a package), probe.driver (imports it, receives configuration probe.driver)
 * and probe.sink (unrelated to both), plus a factory configuration probe.device~meter-2.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class FeatureInstallerInFrameworkTest {

    private static final String INSTALLER_PID = "io.plantwire.features";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 5000)
    ConfigurationAdmin configurationAdmin;

    private TestRepository repo;
    private FeatureManager manager;

    @BeforeEach
    void newGatewayHome() throws Exception {
        repo = new TestRepository();
        configureInstaller("");
    }

    private void configureInstaller(String watchFolder) throws Exception {
        Configuration c = configurationAdmin.getConfiguration(INSTALLER_PID, "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("repository", repo.repository.toString());
        props.put("featuresDirectory", repo.features.toString());
        props.put("watchFolder", watchFolder);
        props.put("watchIntervalMs", 200);
        props.put("marker", repo.home.toString() + watchFolder);
        c.update(props);
        // The component restarts with the new configuration; wait for the instance that has it.
        ServiceTracker<FeatureManager, FeatureManager> tracker = new ServiceTracker<>(context,
                context.createFilter("(&(objectClass=" + FeatureManager.class.getName() + ")(marker="
                        + (repo.home.toString() + watchFolder).replace("\\", "\\\\") + "))"), null);
        tracker.open();
        try {
            manager = tracker.waitForService(WAIT.toMillis());
        } finally {
            tracker.close();
        }
        assertThat(manager).as("feature installer with the test's configuration").isNotNull();
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (FeatureInfo f : manager.features()) {
            if (f.installed()) {
                manager.uninstallFeature(f.id());
            }
        }
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName() != null && b.getSymbolicName().startsWith("probe.")) {
                b.uninstall();
            }
        }
        System.getProperties().keySet().removeIf(k -> k.toString().startsWith("probe."));
        repo.close();
    }

    private void metersFeature(String driverDeviceId, int meter2Port) throws IOException {
        repo.bundle("probe.api", "1.0.0", "Export-Package", "probe.api;version=\"1.0.0\"");
        repo.probeBundle("probe.driver", "1.0.0", "Import-Package", "probe.api;version=\"[1,2)\"", "Probe-Pid", "probe.driver");
        repo.probeBundle("probe.sink", "1.0.0");
        repo.feature("meters", new String[] {coordinates("probe.api", "1.0.0"), coordinates("probe.driver", "1.0.0"),
                coordinates("probe.sink", "1.0.0")},
                "\"probe.driver\": {\"deviceId\": \"" + driverDeviceId + "\"},"
                        + "\"probe.device~meter-2\": {\"deviceId\": \"meter-2\", \"port:Integer\": " + meter2Port + "}");
    }

    @Test
    void installStartsBundlesAndAppliesConfigurationsAndUninstallRemovesThem() throws Exception {
        metersFeature("meter-1", 5020);
        assertThat(manager.features()).extracting(FeatureInfo::name, FeatureInfo::installed)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("meters", false));

        ChangeReport report = manager.installFeature("meters");

        assertThat(report.installed()).hasSize(3);
        assertThat(report.configurationsCreated()).containsExactly("probe.driver", "probe.device~meter-2");
        for (String bsn : List.of("probe.api", "probe.driver", "probe.sink")) {
            assertThat(bundle(bsn).getState()).as(bsn).isEqualTo(Bundle.ACTIVE);
        }
        Configuration[] owned = configurationAdmin.listConfigurations("(plantwire.feature=" + featureId("meters") + ")");
        assertThat(owned).extracting(Configuration::getPid)
                .containsExactlyInAnyOrder("probe.driver", "probe.device~meter-2");
        Configuration meter2 = configuration("probe.device~meter-2");
        assertThat(meter2.getFactoryPid()).isEqualTo("probe.device");
        assertThat(meter2.getProperties().get("port")).isEqualTo(5020);
        await(() -> "meter-1".equals(System.getProperty("probe.config.probe.driver")), "probe.driver got its configuration");
        assertThat(manager.features()).extracting(FeatureInfo::name, FeatureInfo::installed)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("meters", true));
        assertThatThrownBy(() -> manager.installFeature("meters")).hasMessageContaining("already installed");

        ChangeReport removal = manager.uninstallFeature("meters");

        assertThat(removal.uninstalled()).hasSize(3);
        assertThat(removal.configurationsDeleted()).containsExactlyInAnyOrder("probe.driver", "probe.device~meter-2");
        assertThat(probeBundles()).isEmpty();
        assertThat(configurationAdmin.listConfigurations("(plantwire.feature=" + featureId("meters") + ")")).isNull();
    }

    @Test
    void updatingALeafBundleRestartsOnlyThatBundle() throws Exception {
        metersFeature("meter-1", 5020);
        manager.installFeature("meters");
        Bundle driver = bundle("probe.driver");
        Map<String, String> untouchedBefore = fingerprint("probe.api", "probe.sink");
        int driverStarts = starts("probe.driver");
        int sinkStarts = starts("probe.sink");
        assertThat(driverStarts).isEqualTo(1);

        repo.probeBundle("probe.driver", "1.0.0", "Import-Package", "probe.api;version=\"[1,2)\"", "Probe-Pid",
                "probe.driver", "Probe-Revision", "2");
        ChangeReport report = manager.updateBundle("probe.driver");

        assertThat(report.updated()).containsExactly("probe.driver 1.0.0 [" + driver.getBundleId() + "]");
        assertThat(report.refreshed()).isEmpty();
        assertThat(bundle("probe.driver").getBundleId()).isEqualTo(driver.getBundleId());
        assertThat(driver.getHeaders().get("Probe-Revision")).isEqualTo("2");
        assertThat(driver.getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(starts("probe.driver")).as("the updated bundle restarted exactly once").isEqualTo(driverStarts + 1);
        assertThat(fingerprint("probe.api", "probe.sink")).as("id, state, last modified of untouched bundles")
                .isEqualTo(untouchedBefore);
        assertThat(starts("probe.sink")).isEqualTo(sinkStarts);
        await(() -> "meter-1".equals(System.getProperty("probe.config.probe.driver")), "configuration survives the update");
    }

    @Test
    void updatingAnExportingBundleRefreshesItsImportersAndNothingElse() throws Exception {
        metersFeature("meter-1", 5020);
        manager.installFeature("meters");
        Bundle driver = bundle("probe.driver");
        Map<String, String> sinkBefore = fingerprint("probe.sink");
        int driverStarts = starts("probe.driver");
        int sinkStarts = starts("probe.sink");

        repo.bundle("probe.api", "1.0.0", "Export-Package", "probe.api;version=\"1.0.0\"", "Probe-Revision", "2");
        ChangeReport report = manager.updateBundle(coordinates("probe.api", "1.0.0"));

        assertThat(report.updated()).hasSize(1).first().asString().startsWith("probe.api 1.0.0");
        assertThat(report.refreshed()).containsExactly("probe.driver 1.0.0 [" + driver.getBundleId() + "]");
        assertThat(bundle("probe.api").getHeaders().get("Probe-Revision")).isEqualTo("2");
        assertThat(driver.getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(starts("probe.driver")).as("importer restarted once by the refresh").isEqualTo(driverStarts + 1);
        assertThat(fingerprint("probe.sink")).isEqualTo(sinkBefore);
        assertThat(starts("probe.sink")).isEqualTo(sinkStarts);
    }

    @Test
    void anUpdateThatCannotResolveIsRolledBackToThePreviousContent() throws Exception {
        metersFeature("meter-1", 5020);
        manager.installFeature("meters");
        Bundle driver = bundle("probe.driver");
        Map<String, String> othersBefore = fingerprint("probe.api", "probe.sink");
        int driverStarts = starts("probe.driver");

        repo.probeBundle("probe.driver", "1.0.0", "Import-Package", "probe.api;version=\"[1,2)\",com.acme.missing",
                "Probe-Pid", "probe.driver", "Probe-Revision", "broken");

        assertThatThrownBy(() -> manager.updateBundle("probe.driver"))
                .isInstanceOf(FeatureException.class)
                .hasMessageContaining("probe.driver 1.0.0 [" + driver.getBundleId() + "] was not updated")
                .hasMessageContaining("com.acme.missing")
                .hasMessageContaining("the previous content was restored");

        assertThat(driver.getHeaders().get("Probe-Revision")).as("previous content").isNull();
        assertThat(driver.getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(starts("probe.driver")).as("stopped for the update, started again after the rollback")
                .isEqualTo(driverStarts + 1);
        assertThat(fingerprint("probe.api", "probe.sink")).isEqualTo(othersBefore);
        await(() -> "meter-1".equals(System.getProperty("probe.config.probe.driver")), "configuration delivered again");
    }

    @Test
    void missingDependencyFailsNamingTheRequirementAndLeavesTheFrameworkAsItWas() throws Exception {
        metersFeature("meter-1", 5020);
        manager.installFeature("meters");
        repo.probeBundle("probe.extra", "1.0.0", "Import-Package", "probe.api;version=\"[1,2)\"");
        repo.probeBundle("probe.broken", "1.0.0", "Import-Package", "com.acme.missing;version=\"[2,3)\"");
        repo.feature("broken", new String[] {coordinates("probe.api", "1.0.0"), coordinates("probe.extra", "1.0.0"),
                coordinates("probe.broken", "1.0.0")}, "\"probe.extra\": {\"deviceId\": \"x\"}");
        Map<Long, String> before = frameworkSnapshot();

        assertThatThrownBy(() -> manager.installFeature("broken"))
                .isInstanceOf(FeatureException.class)
                .hasMessageContaining("probe.broken 1.0.0 [").hasMessageContaining("cannot be resolved")
                .hasMessageContaining("com.acme.missing")
                .hasMessageContaining("left as it was");

        assertThat(frameworkSnapshot()).isEqualTo(before);
        assertThat(configurationAdmin.listConfigurations("(service.pid=probe.extra)")).isNull();
        assertThat(System.getProperty("probe.starts.probe.extra")).isNull();
        assertThat(manager.features()).filteredOn(FeatureInfo::installed).extracting(FeatureInfo::name)
                .containsExactly("meters");
    }

    @Test
    void badBundleFailsNamingTheFileAndUninstallsWhatItInstalled() throws Exception {
        metersFeature("meter-1", 5020);
        manager.installFeature("meters");
        repo.probeBundle("probe.extra", "1.0.0");
        // Readable manifest, but the framework refuses it: an import without a package name.
        repo.bundle("probe.bad", "1.0.0", "Import-Package", ";version=1");
        repo.garbage("probe.garbage", "1.0.0");
        repo.feature("bad", new String[] {coordinates("probe.extra", "1.0.0"), coordinates("probe.bad", "1.0.0")}, "");
        repo.feature("garbage", new String[] {coordinates("probe.garbage", "1.0.0")}, "");
        Map<Long, String> before = frameworkSnapshot();

        assertThatThrownBy(() -> manager.installFeature("bad"))
                .hasMessageContaining(repo.jarPath("probe.bad", "1.0.0") + " is not a valid bundle")
                .hasMessageContaining("left as it was");
        assertThatThrownBy(() -> manager.installFeature("garbage"))
                .hasMessageContaining(repo.jarPath("probe.garbage", "1.0.0") + " is not a jar");
        assertThatThrownBy(() -> manager.installBundle(coordinates("probe.nothere", "1.0.0")))
                .hasMessageContaining("io.plantwire.test:probe.nothere:1.0.0 is not in the local repository");

        assertThat(frameworkSnapshot()).isEqualTo(before);
    }

    @Test
    void featureUpdateKeepsConfigurationsAUserChangedAndUpdatesTheOthers() throws Exception {
        metersFeature("meter-1", 5020);
        manager.installFeature("meters");
        Configuration meter2 = configuration("probe.device~meter-2");
        Dictionary<String, Object> edited = meter2.getProperties();
        edited.put("port", 6000);
        meter2.update(edited); // what a user does in the Web Console or a conf/ file

        repo.feature("meters", new String[] {coordinates("probe.api", "1.0.0"), coordinates("probe.driver", "1.0.0"),
                coordinates("probe.sink", "1.0.0")},
                "\"probe.driver\": {\"deviceId\": \"meter-1b\"},"
                        + "\"probe.device~meter-2\": {\"deviceId\": \"meter-2\", \"port:Integer\": 5021},"
                        + "\"probe.device~meter-3\": {\"deviceId\": \"meter-3\"}");
        Map<String, String> bundlesBefore = fingerprint("probe.api", "probe.driver", "probe.sink");

        ChangeReport report = manager.updateFeature("meters");

        assertThat(report.configurationsUpdated()).containsExactly("probe.driver");
        assertThat(report.configurationsKept()).containsExactly("probe.device~meter-2 (changed by a user)");
        assertThat(report.configurationsCreated()).containsExactly("probe.device~meter-3");
        assertThat(report.updated()).isEmpty();
        assertThat(configuration("probe.device~meter-2").getProperties().get("port")).isEqualTo(6000);
        await(() -> "meter-1b".equals(System.getProperty("probe.config.probe.driver")), "new default reached probe.driver");
        assertThat(fingerprint("probe.api", "probe.driver", "probe.sink")).isEqualTo(bundlesBefore);

        // A rebuilt jar (same version, new content) is updated by the feature update.
        repo.probeBundle("probe.sink", "1.0.0", "Probe-Revision", "2");
        ChangeReport second = manager.updateFeature("meters");
        assertThat(second.updated()).hasSize(1).first().asString().startsWith("probe.sink 1.0.0");
        assertThat(second.configurationsUpdated()).isEmpty();
        assertThat(bundle("probe.sink").getHeaders().get("Probe-Revision")).isEqualTo("2");

        ChangeReport removal = manager.uninstallFeature("meters");
        assertThat(removal.configurationsDeleted())
                .containsExactlyInAnyOrder("probe.driver", "probe.device~meter-2", "probe.device~meter-3");
    }

    @Test
    void singleBundlesInstallAndUninstallButNotOutFromUnderAFeature() throws Exception {
        metersFeature("meter-1", 5020);
        repo.probeBundle("probe.solo", "2.0.0");

        ChangeReport installed = manager.installBundle(coordinates("probe.solo", "2.0.0"));
        assertThat(installed.installed()).hasSize(1);
        assertThat(bundle("probe.solo").getState()).isEqualTo(Bundle.ACTIVE);

        manager.installFeature("meters");
        assertThatThrownBy(() -> manager.uninstallBundle("probe.driver"))
                .hasMessageContaining("belongs to installed feature(s) " + featureId("meters"));

        // what the installer did not install stays, with the reason
        assertThatThrownBy(() -> manager.uninstallBundle("0")).hasMessageContaining("the OSGi framework itself");
        assertThatThrownBy(() -> manager.uninstallBundle("io.plantwire.features"))
                .hasMessageContaining("is the feature installer itself");
        assertThatThrownBy(() -> manager.uninstallBundle("org.apache.felix.scr"))
                .hasMessageContaining("was not installed by the feature installer");
        assertThat(bundle("org.apache.felix.scr").getState()).isEqualTo(Bundle.ACTIVE);

        ChangeReport removed = manager.uninstallBundle("probe.solo");
        assertThat(removed.uninstalled()).hasSize(1);
        assertThat(probeBundles()).extracting(Bundle::getSymbolicName)
                .containsExactlyInAnyOrder("probe.api", "probe.driver", "probe.sink");
    }

    @Test
    void aRestartWithAFreshBundleCacheBringsBackWhatRanIncludingFieldUpdates() throws Exception {
        metersFeature("meter-1", 5020);
        repo.probeBundle("probe.solo", "2.0.0");
        manager.installFeature("meters");
        manager.installBundle(coordinates("probe.solo", "2.0.0"));
        repo.probeBundle("probe.driver", "1.0.0", "Import-Package", "probe.api;version=\"[1,2)\"", "Probe-Pid",
                "probe.driver", "Probe-Revision", "2");
        manager.updateBundle("probe.driver");
        // The repository moves on without an update: a restart must bring back what ran, revision 2.
        repo.probeBundle("probe.driver", "1.0.0", "Import-Package", "probe.api;version=\"[1,2)\"", "Probe-Pid",
                "probe.driver", "Probe-Revision", "3");

        restartWithFreshBundleCache();

        await(() -> probeBundles().size() == 4 && probeBundles().stream().allMatch(b -> b.getState() == Bundle.ACTIVE),
                "the feature's bundles and the single bundle are back and active");
        assertThat(probeBundles()).extracting(Bundle::getSymbolicName)
                .containsExactlyInAnyOrder("probe.api", "probe.driver", "probe.sink", "probe.solo");
        assertThat(bundle("probe.driver").getHeaders().get("Probe-Revision")).isEqualTo("2");
        await(() -> "meter-1".equals(System.getProperty("probe.config.probe.driver")),
                "the restored driver has its configuration");
        assertThat(manager.features()).filteredOn(FeatureInfo::installed).extracting(FeatureInfo::id)
                .containsExactly(featureId("meters"));

        // Removed by an operator outside the installer (Web Console, shell): not brought back by the next restart.
        bundle("probe.solo").uninstall();
        bundle("probe.sink").uninstall();
        restartWithFreshBundleCache();
        await(() -> probeBundles().size() == 2 && probeBundles().stream().allMatch(b -> b.getState() == Bundle.ACTIVE),
                "the feature's remaining bundles are back");
        assertThat(probeBundles()).extracting(Bundle::getSymbolicName)
                .containsExactlyInAnyOrder("probe.api", "probe.driver");
    }

    /**
     * What a gateway restart does to the installer: its component stops, the framework comes back without the
     * bundles it had installed (the gateway's cache is rebuilt at every start), and a new component starts with the
     * record it kept.
     */
    private void restartWithFreshBundleCache() throws Exception {
        Bundle installer = org.osgi.framework.FrameworkUtil.getBundle(manager.getClass());
        installer.stop();
        for (Bundle b : probeBundles()) {
            b.uninstall();
        }
        System.getProperties().keySet().removeIf(k -> k.toString().startsWith("probe."));
        installer.start();
        ServiceTracker<FeatureManager, FeatureManager> tracker = new ServiceTracker<>(context,
                FeatureManager.class, null);
        tracker.open();
        try {
            manager = tracker.waitForService(WAIT.toMillis());
        } finally {
            tracker.close();
        }
        assertThat(manager).as("feature installer after the restart").isNotNull();
    }

    @Test
    void featureDroppedIntoTheWatchedFolderIsInstalledAndRemovedWithTheFile() throws Exception {
        Path drop = Files.createDirectories(repo.home.resolve("deploy-features"));
        configureInstaller(drop.toString());
        metersFeature("meter-1", 5020);
        Path file = Files.move(repo.features.resolve("meters.json"), drop.resolve("meters.json"));

        await(() -> probeBundles().size() == 3 && probeBundles().stream().allMatch(b -> b.getState() == Bundle.ACTIVE),
                "the dropped feature's bundles are active");
        assertThat(manager.features()).filteredOn(FeatureInfo::installed).extracting(FeatureInfo::id)
                .containsExactly(featureId("meters"));

        Files.delete(file);
        await(() -> probeBundles().isEmpty(), "the deleted feature's bundles are gone");
        assertThat(manager.features()).filteredOn(FeatureInfo::installed).isEmpty();
    }

    @Test
    void gogoCommandsInstallUpdateAndUninstallLikeTheService() throws Exception {
        metersFeature("meter-1", 5020);
        repo.probeBundle("probe.solo", "2.0.0");
        // The command component follows the installer's restart (new configuration) a moment later.
        await(() -> commandReferences() != null, "the plantwire command service");
        org.osgi.framework.ServiceReference<?>[] refs = commandReferences();
        org.osgi.framework.ServiceReference<?> ref = java.util.Arrays.stream(refs)
                // other bundles add plantwire commands too (the pipeline's dryrun, a single String)
                .filter(r -> r.getProperty("osgi.command.function") instanceof String[] functions
                        && List.of(functions).contains("install"))
                .findFirst().orElseThrow();
        assertThat((String[]) ref.getProperty("osgi.command.function"))
                .containsExactlyInAnyOrder("features", "install", "update", "uninstall", "status");
        Object commands = context.getService(ref);
        try {
            // Gogo calls the functions by reflection with the typed arguments; so does the test.
            assertThat(call(commands, "features")).contains("meters").contains(featureId("meters"));
            assertThat(call(commands, "install", "meters")).startsWith(featureId("meters"))
                    .contains("installed: probe.api 1.0.0").contains("configurations created: probe.driver");
            assertThat(call(commands, "features")).contains("* meters");
            assertThat(call(commands, "install", coordinates("probe.solo", "2.0.0"))).contains("installed: probe.solo 2.0.0");
            repo.probeBundle("probe.solo", "2.0.0", "Probe-Revision", "2");
            assertThat(call(commands, "update", "probe.solo")).contains("updated: probe.solo 2.0.0");
            assertThat(bundle("probe.solo").getHeaders().get("Probe-Revision")).isEqualTo("2");
            assertThat(call(commands, "uninstall", "probe.solo")).contains("uninstalled: probe.solo 2.0.0");
            assertThat(call(commands, "uninstall", "meters")).contains("uninstalled:").contains("configurations deleted:");
            assertThat(probeBundles()).isEmpty();
            assertThatThrownBy(() -> call(commands, "install", "nosuchfeature"))
                    .isInstanceOf(FeatureException.class).hasMessageContaining("'nosuchfeature' is neither a feature");
        } finally {
            context.ungetService(ref);
        }
    }

    private org.osgi.framework.ServiceReference<?>[] commandReferences() {
        try {
            return context.getServiceReferences((String) null, "(osgi.command.scope=plantwire)");
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String call(Object commands, String function, String... args) throws Exception {
        Class<?>[] types = new Class<?>[args.length];
        java.util.Arrays.fill(types, String.class);
        try {
            return (String) commands.getClass().getMethod(function, types).invoke(commands, (Object[]) args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }

    // ------------------------------------------------------------------ helpers

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    private List<Bundle> probeBundles() {
        List<Bundle> found = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName() != null && b.getSymbolicName().startsWith("probe.")) {
                found.add(b);
            }
        }
        return found;
    }

    private Map<String, String> fingerprint(String... symbolicNames) {
        Map<String, String> out = new TreeMap<>();
        for (String name : symbolicNames) {
            Bundle b = bundle(name);
            out.put(name, b.getBundleId() + "/" + b.getState() + "/" + b.getLastModified());
        }
        return out;
    }

    private Map<Long, String> frameworkSnapshot() {
        Map<Long, String> out = new TreeMap<>();
        for (Bundle b : context.getBundles()) {
            out.put(b.getBundleId(), b.getSymbolicName() + " " + b.getVersion() + " state " + b.getState()
                    + " modified " + b.getLastModified());
        }
        return out;
    }

    private static int starts(String symbolicName) {
        return Integer.getInteger("probe.starts." + symbolicName, 0);
    }

    private Configuration configuration(String pid) throws Exception {
        Configuration[] found = configurationAdmin.listConfigurations("(service.pid=" + pid + ")");
        assertThat(found).as("configuration " + pid).isNotNull().hasSize(1);
        return found[0];
    }

    private static void await(BooleanSupplier condition, String what) {
        Await.until(what, WAIT, condition);
    }
}
