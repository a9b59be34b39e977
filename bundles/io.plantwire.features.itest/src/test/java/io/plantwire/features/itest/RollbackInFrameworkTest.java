package io.plantwire.features.itest;

import static io.plantwire.features.itest.TestRepository.coordinates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
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

/**
 * Every operation of the installer, failed at each of its steps, leaves the gateway exactly as it was: every bundle
 * (location, symbolic name, version, state), every configuration (PID, factory PID, typed properties) and the
 * installer's kept copies. Failures are injected through the installer's test seam (a {@code Predicate} service with
 * {@code plantwire.features.failureInjection=true}, looked up because test.bndrun sets that framework property), right
 * after the step really happened; real failures (a bundle whose activator throws) are tested too.
 *
 * <p>The gateway before each operation: feature "meters" (probe.api exporting a package, probe.driver importing it,
 * probe.sink; configuration probe.driver and factory configuration probe.device~meter-2), the single bundle
 * probe.solo, and a user's configuration probe.user.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class RollbackInFrameworkTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** An operation of the installer and the steps at which it can fail. */
    enum Operation {
        INSTALL_FEATURE("COPY", "INSTALL", "RESOLVE", "CONFIGURATION", "START", "RECORD"),
        UPDATE_FEATURE("COPY", "INSTALL", "UPDATE", "REFRESH", "RESOLVE", "STOP", "CONFIGURATION", "START",
                "UNINSTALL", "RECORD"),
        UNINSTALL_FEATURE("STOP", "CONFIGURATION", "UNINSTALL", "REFRESH", "RECORD"),
        INSTALL_BUNDLE("COPY", "INSTALL", "RESOLVE", "START", "RECORD"),
        UPDATE_BUNDLE("COPY", "UPDATE", "REFRESH", "START", "RECORD"),
        UNINSTALL_BUNDLE("STOP", "UNINSTALL", "REFRESH", "RECORD");

        final List<String> steps;

        Operation(String... steps) {
            this.steps = List.of(steps);
        }

        ChangeReport run(FeatureManager manager) throws FeatureException {
            switch (this) {
                case INSTALL_FEATURE: return manager.installFeature("extra");
                case UPDATE_FEATURE: return manager.updateFeature("meters");
                case UNINSTALL_FEATURE: return manager.uninstallFeature("meters");
                case INSTALL_BUNDLE: return manager.installBundle(coordinates("probe.other", "1.0.0"));
                case UPDATE_BUNDLE: return manager.updateBundle(coordinates("probe.api", "1.0.0"));
                default: return manager.uninstallBundle("probe.solo");
            }
        }
    }

    static Stream<Arguments> everyStepOfEveryOperation() {
        List<Arguments> cases = new ArrayList<>();
        for (Operation operation : Operation.values()) {
            for (String step : operation.steps) {
                cases.add(Arguments.of(operation, step));
            }
        }
        return cases.stream();
    }

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 5000)
    ConfigurationAdmin configurationAdmin;

    private TestRepository repo;
    private FeatureManager manager;
    private ServiceRegistration<?> hook;

    @BeforeEach
    void gatewayWithAFeatureAndASingleBundle() throws Exception {
        repo = new TestRepository();
        configureInstaller();
        repo.bundle("probe.api", "1.0.0", "Export-Package", "probe.api;version=\"1.0.0\"");
        repo.probeBundle("probe.driver", "1.0.0", "Import-Package", "probe.api;version=\"[1,2)\"", "Probe-Pid", "probe.driver");
        repo.probeBundle("probe.sink", "1.0.0");
        repo.feature("meters", new String[] {coordinates("probe.api", "1.0.0"), coordinates("probe.driver", "1.0.0"),
                coordinates("probe.sink", "1.0.0")},
                "\"probe.driver\": {\"deviceId\": \"meter-1\"},"
                        + "\"probe.device~meter-2\": {\"deviceId\": \"meter-2\", \"port:Integer\": 5020}");
        manager.installFeature("meters");
        repo.probeBundle("probe.solo", "2.0.0");
        manager.installBundle(coordinates("probe.solo", "2.0.0"));
        Dictionary<String, Object> user = new Hashtable<>();
        user.put("threshold", 42);
        user.put("tags", new String[] {"a", "b"});
        configurationAdmin.getConfiguration("probe.user", "?").update(user);

        // What the operations bring: a feature "extra" reusing probe.api; a second version of "meters" with api and
        // driver rebuilt, sink dropped, probe.extra added, one configuration changed, one removed, one added; a
        // single bundle probe.other.
        repo.probeBundle("probe.extra", "1.0.0", "Import-Package", "probe.api;version=\"[1,2)\"", "Probe-Pid", "probe.extra");
        repo.feature("extra", new String[] {coordinates("probe.api", "1.0.0"), coordinates("probe.extra", "1.0.0")},
                "\"probe.extra\": {\"deviceId\": \"x\"}, \"probe.device~extra-1\": {\"deviceId\": \"e\"}");
        repo.bundle("probe.api", "1.0.0", "Export-Package", "probe.api;version=\"1.0.0\"", "Probe-Revision", "2");
        repo.probeBundle("probe.driver", "1.0.0", "Import-Package", "probe.api;version=\"[1,2)\"", "Probe-Pid",
                "probe.driver", "Probe-Revision", "2");
        repo.feature("meters", new String[] {coordinates("probe.api", "1.0.0"), coordinates("probe.driver", "1.0.0"),
                coordinates("probe.extra", "1.0.0")},
                "\"probe.driver\": {\"deviceId\": \"meter-1b\"},"
                        + "\"probe.device~meter-3\": {\"deviceId\": \"meter-3\"}");
        repo.probeBundle("probe.other", "1.0.0");
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (hook != null) {
            hook.unregister();
        }
        for (FeatureInfo f : manager.features()) {
            if (f.installed()) {
                manager.uninstallFeature(f.id());
            }
        }
        for (Bundle b : probeBundles()) {
            try {
                manager.uninstallBundle(Long.toString(b.getBundleId()));
            } catch (FeatureException notOurs) {
                b.uninstall();
            }
        }
        Configuration[] left = configurationAdmin.listConfigurations("(service.pid=probe.*)");
        if (left != null) {
            for (Configuration c : left) {
                c.delete();
            }
        }
        System.getProperties().keySet().removeIf(k -> k.toString().startsWith("probe."));
        repo.close();
    }

    @ParameterizedTest(name = "{0} failing at {1}")
    @MethodSource("everyStepOfEveryOperation")
    void aFailureAtAnyStepLeavesTheGatewayAsItWas(Operation operation, String step) throws Exception {
        Map<String, String> before = FrameworkState.of(context, configurationAdmin);
        Set<String> copiesBefore = keptCopies();
        AtomicBoolean fired = new AtomicBoolean();
        Predicate<String> failFirst = event -> event.startsWith(step + " ") && fired.compareAndSet(false, true);
        hook = context.registerService(Predicate.class, failFirst,
                new Hashtable<>(Map.of("plantwire.features.failureInjection", "true")));

        assertThatThrownBy(() -> operation.run(manager))
                .isInstanceOf(FeatureException.class)
                .hasMessageContaining("injected failure at " + step)
                .hasMessageNotContaining("rollback was incomplete");

        assertThat(fired).as("the operation reached " + step).isTrue();
        hook.unregister();
        hook = null;
        assertThat(FrameworkState.of(context, configurationAdmin)).isEqualTo(before);
        assertThat(keptCopies()).as("kept copies").isEqualTo(copiesBefore);
        // The record is intact: the same operation now goes through.
        operation.run(manager);
    }

    @Test
    void aBundleThatFailsToStartRollsItsFeatureBack() throws Exception {
        repo.probeBundle("probe.failing", "1.0.0", "Probe-Fail-Start", "yes");
        repo.feature("failing", new String[] {coordinates("probe.api", "1.0.0"), coordinates("probe.extra", "1.0.0"),
                coordinates("probe.failing", "1.0.0")}, "\"probe.extra\": {\"deviceId\": \"x\"}");
        Map<String, String> before = FrameworkState.of(context, configurationAdmin);

        assertThatThrownBy(() -> manager.installFeature("failing"))
                .hasMessageContaining("probe.failing 1.0.0 [").hasMessageContaining("failed to start")
                .hasMessageContaining("refuses to start").hasMessageContaining("(the gateway was left as it was)");

        assertThat(FrameworkState.of(context, configurationAdmin)).isEqualTo(before);
    }

    @Test
    void aFeatureUpdateWhoseNewContentFailsToStartRestoresEverything() throws Exception {
        repo.probeBundle("probe.driver", "1.0.0", "Import-Package", "probe.api;version=\"[1,2)\"", "Probe-Pid",
                "probe.driver", "Probe-Revision", "3", "Probe-Fail-Start", "yes");
        Map<String, String> before = FrameworkState.of(context, configurationAdmin);

        assertThatThrownBy(() -> manager.updateFeature("meters"))
                .hasMessageContaining("probe.driver 1.0.0").hasMessageContaining("refuses to start")
                .hasMessageContaining("(the gateway was left as it was)");

        assertThat(FrameworkState.of(context, configurationAdmin)).isEqualTo(before);
        assertThat(bundle("probe.driver").getHeaders().get("Probe-Revision")).as("previous content").isNull();
        assertThat(bundle("probe.sink").getState()).as("the dropped bundle is back").isEqualTo(Bundle.ACTIVE);
        await(() -> "meter-1".equals(System.getProperty("probe.config.probe.driver")),
                "the driver has its previous configuration");
    }

    @Test
    void aBundleInstalledByOtherMeansIsRolledBackFromItsSecondUpdateOn() throws Exception {
        // Installed outside the installer (as the base runtime is): its first content is unknown to it.
        repo.probeBundle("probe.base", "1.0.0");
        Bundle base = context.installBundle(repo.jarPath("probe.base", "1.0.0").toUri().toString(),
                Files.newInputStream(repo.jarPath("probe.base", "1.0.0")));
        base.start();
        repo.probeBundle("probe.base", "1.0.0", "Probe-Revision", "2");
        AtomicBoolean fired = new AtomicBoolean();
        hook = context.registerService(Predicate.class,
                (Predicate<String>) event -> event.startsWith("UPDATE probe.base") && fired.compareAndSet(false, true),
                new Hashtable<>(Map.of("plantwire.features.failureInjection", "true")));

        assertThatThrownBy(() -> manager.updateBundle("probe.base"))
                .hasMessageContaining("injected failure at UPDATE probe.base")
                .hasMessageContaining("the rollback was incomplete: cannot undo the update of probe.base 1.0.0")
                .hasMessageContaining("its previous content is unknown");
        assertThat(base.getHeaders().get("Probe-Revision")).as("the new content stays").isEqualTo("2");
        assertThat(base.getState()).isEqualTo(Bundle.ACTIVE);

        manager.updateBundle("probe.base"); // now the installer knows its content
        repo.probeBundle("probe.base", "1.0.0", "Probe-Revision", "3");
        fired.set(false);
        Map<String, String> before = FrameworkState.of(context, configurationAdmin);

        assertThatThrownBy(() -> manager.updateBundle("probe.base"))
                .hasMessageContaining("injected failure at UPDATE probe.base")
                .hasMessageContaining("(the previous content was restored)");
        assertThat(base.getHeaders().get("Probe-Revision")).isEqualTo("2");
        assertThat(FrameworkState.of(context, configurationAdmin)).isEqualTo(before);
    }

    @Test
    void theRestoreRefusesAKeptCopyThatWasChanged() throws Exception {
        Path sinkCopy = revisions().resolve(sha256(repo.jarPath("probe.sink", "1.0.0")) + ".jar");
        assertThat(sinkCopy).isRegularFile();
        // A valid bundle with other content: only the hash comparison can tell.
        Files.copy(repo.jarPath("probe.solo", "2.0.0"), sinkCopy, StandardCopyOption.REPLACE_EXISTING);

        restartWithFreshBundleCache();

        // The restore installs every bundle first and starts them after: once these run, it has passed probe.sink.
        await(() -> probeBundles().size() == 3 && probeBundles().stream().allMatch(b -> b.getState() == Bundle.ACTIVE),
                "api, driver and solo restored");
        assertThat(probeBundles()).extracting(Bundle::getSymbolicName)
                .containsExactlyInAnyOrder("probe.api", "probe.driver", "probe.solo");
        assertThat(sinkCopy).as("left for the operator to look at").isRegularFile();
    }

    // ------------------------------------------------------------------ helpers

    private void configureInstaller() throws Exception {
        Configuration c = configurationAdmin.getConfiguration("io.plantwire.features", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("repository", repo.repository.toString());
        props.put("featuresDirectory", repo.features.toString());
        props.put("watchFolder", "");
        props.put("marker", repo.home.toString());
        c.update(props);
        manager = awaitManager("(marker=" + repo.home.toString().replace("\\", "\\\\") + ")");
    }

    private FeatureManager awaitManager(String filter) throws Exception {
        ServiceTracker<FeatureManager, FeatureManager> tracker = new ServiceTracker<>(context,
                context.createFilter("(&(objectClass=" + FeatureManager.class.getName() + ")" + filter + ")"), null);
        tracker.open();
        try {
            FeatureManager found = tracker.waitForService(WAIT.toMillis());
            assertThat(found).as("feature installer " + filter).isNotNull();
            return found;
        } finally {
            tracker.close();
        }
    }

    /** A gateway restart as the installer sees it: stopped, the bundle cache rebuilt without its bundles, started. */
    private void restartWithFreshBundleCache() throws Exception {
        Bundle installer = FrameworkUtil.getBundle(manager.getClass());
        installer.stop();
        for (Bundle b : probeBundles()) {
            b.uninstall();
        }
        installer.start();
        manager = awaitManager("(marker=" + repo.home.toString().replace("\\", "\\\\") + ")");
    }

    /** The installer's revision store, in its bundle's data area (Felix: {@code <storage>/bundle<id>/data}). */
    private Path revisions() {
        Bundle installer = FrameworkUtil.getBundle(manager.getClass());
        Path storage = context.getDataFile("").toPath().getParent().getParent();
        Path revisions = storage.resolve("bundle" + installer.getBundleId()).resolve("data").resolve("revisions");
        assertThat(revisions).as("the installer's revision store").isDirectory();
        return revisions;
    }

    private Set<String> keptCopies() throws IOException {
        Set<String> names = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(revisions())) {
            files.forEach(f -> names.add(f.getFileName().toString()));
        }
        return names;
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            digest.update(in.readAllBytes());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private Bundle bundle(String symbolicName) {
        return probeBundles().stream().filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError("no bundle " + symbolicName));
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

    private static void await(BooleanSupplier condition, String what) {
        org.awaitility.Awaitility.await(what).atMost(WAIT).pollInterval(java.time.Duration.ofMillis(20))
                .until(condition::getAsBoolean);
    }
}
