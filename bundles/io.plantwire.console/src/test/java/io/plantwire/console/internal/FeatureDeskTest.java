package io.plantwire.console.internal;

import static io.plantwire.console.internal.FakeFeatureManager.feature;
import static io.plantwire.console.internal.FakeFeatureManager.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.plantwire.features.ChangeReport;
import io.plantwire.features.ConfigurationStatus;
import io.plantwire.features.FeatureException;

class FeatureDeskTest {

    private static final String METERS = "io.plantwire.test:io.plantwire.feature.meters:1.0.0";
    private static final String SINKS = "io.plantwire.test:io.plantwire.feature.sinks:1.0.0";

    private final FakeFeatureManager manager = new FakeFeatureManager()
            .with(feature("meters", false, 3, "probe.driver", "probe.device~meter-2"))
            .with(feature("sinks", true, 1, "io.plantwire.sink.mqtt~uns"));
    private final FeatureDesk desk = new FeatureDesk(manager);

    private static FeatureAction action(String verb, String feature, String bundle) throws FeatureAction.Invalid {
        Map<String, String> form = new java.util.HashMap<>();
        form.put("action", verb);
        form.put("feature", feature);
        form.put("bundle", bundle);
        return FeatureAction.parse(form::get);
    }

    @Test
    void installsANotInstalledFeatureByItsIdAndShowsWhatChanged() throws Exception {
        manager.nextReport = report(METERS, List.of("probe.api 1.0.0 [12]", "probe.driver 1.0.0 [13]"),
                List.of("probe.driver"));

        FeaturesPage.Outcome outcome = desk.perform(action("install", METERS, null));

        assertThat(manager.changes()).containsExactly("installFeature(" + METERS + ")");
        assertThat(outcome.ok()).isTrue();
        assertThat(outcome.headline()).isEqualTo("Install feature " + METERS);
        assertThat(outcome.changes()).containsExactly(
                new FeaturesPage.Change("installed", List.of("probe.api 1.0.0 [12]", "probe.driver 1.0.0 [13]")),
                new FeaturesPage.Change("configurations created", List.of("probe.driver")));
        assertThat(outcome.message()).contains("status below");
    }

    @Test
    void aFeatureNamedByItsShortNameIsActedOnByItsId() throws Exception {
        desk.perform(action("uninstall", "sinks", null));
        desk.perform(action("update", "sinks", null));
        assertThat(manager.changes()).containsExactly("uninstallFeature(" + SINKS + ")", "updateFeature(" + SINKS + ")");
    }

    @Test
    void anUnknownFeatureIsRefusedWithTheKnownOnesAndNothingIsCalled() throws Exception {
        FeaturesPage.Outcome outcome = desk.perform(action("install", "/etc/plantwire/evil.json", null));

        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.message()).isEqualTo("no feature '/etc/plantwire/evil.json' is known to the feature "
                + "installer; known: meters, sinks");
        assertThat(manager.changes()).isEmpty();
    }

    @Test
    void installingAnInstalledFeatureOrChangingANotInstalledOneIsRefused() throws Exception {
        FeaturesPage.Outcome again = desk.perform(action("install", SINKS, null));
        FeaturesPage.Outcome update = desk.perform(action("update", METERS, null));
        FeaturesPage.Outcome remove = desk.perform(action("uninstall", METERS, null));

        assertThat(again.ok()).isFalse();
        assertThat(again.message()).contains(SINKS, "already installed", "Update");
        assertThat(update.message()).isEqualTo("feature " + METERS + " is not installed");
        assertThat(remove.message()).isEqualTo("feature " + METERS + " is not installed");
        assertThat(manager.changes()).isEmpty();
    }

    @Test
    void theInstallersFailureIsShownWithItsMessage() throws Exception {
        String cause = "feature " + METERS + " was not installed: io.plantwire.test:probe.missing:1.0.0 is not in "
                + "the repository (the gateway was left as it was)";
        manager.nextFailure = new FeatureException(cause, new IllegalStateException("inner"));

        FeaturesPage.Outcome outcome = desk.perform(action("install", "meters", null));

        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.headline()).isEqualTo("Install feature meters");
        assertThat(outcome.message()).isEqualTo(cause);
        assertThat(outcome.changes()).isEmpty();
    }

    @Test
    void anUnexpectedExceptionIsOneLineNotAStackTrace() throws Exception {
        manager.nextFailure = new IllegalStateException("refresh listener gone");

        FeaturesPage.Outcome outcome = desk.perform(action("update", null, "42"));

        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.message()).isEqualTo("the feature installer failed: IllegalStateException: refresh "
                + "listener gone");
    }

    @Test
    void singleBundlesGoToTheBundleOperations() throws Exception {
        desk.perform(action("install", null, "io.plantwire:io.plantwire.sink.mqtt:0.1.0-SNAPSHOT"));
        desk.perform(action("update", null, "42"));
        desk.perform(action("update", null, "io.plantwire.driver.modbus"));
        desk.perform(action("uninstall", null, "io.plantwire.driver.modbus"));

        assertThat(manager.changes()).containsExactly(
                "installBundle(io.plantwire:io.plantwire.sink.mqtt:0.1.0-SNAPSHOT)", "updateBundle(42)",
                "updateBundle(io.plantwire.driver.modbus)", "uninstallBundle(io.plantwire.driver.modbus)");
    }

    @Test
    void installingABundleNeedsCoordinatesAndNeverAPath() throws Exception {
        FeaturesPage.Outcome byId = desk.perform(action("install", null, "42"));
        FeaturesPage.Outcome byPath = desk.perform(action("install", null, "/tmp/evil.jar"));
        FeaturesPage.Outcome updateByPath = desk.perform(action("update", null, "C:\\drop\\x.jar"));

        assertThat(byId.ok()).isFalse();
        assertThat(byId.message()).contains("Maven coordinates", "'42'");
        assertThat(byPath.message()).contains("looks like a file path");
        assertThat(updateByPath.message()).contains("looks like a file path");
        assertThat(manager.changes()).isEmpty();
    }

    @Test
    void listsFeaturesWithTheStatusOfTheInstalledOnes() {
        manager.status.put(SINKS, List.of(new ConfigurationStatus("io.plantwire.sink.mqtt~uns",
                "io.plantwire.sink.mqtt", "FAILED_ACTIVATION", "broker.url 'http://x' is invalid")));

        List<FeaturesPage.Feature> features = desk.features();

        assertThat(features).extracting(FeaturesPage.Feature::name, FeaturesPage.Feature::installed,
                FeaturesPage.Feature::bundles, FeaturesPage.Feature::configurations)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("meters", false, 3, 2),
                        org.assertj.core.groups.Tuple.tuple("sinks", true, 1, 1));
        assertThat(features.get(0).status()).isEmpty();
        assertThat(features.get(1).status()).containsExactly(new FeaturesPage.ComponentState(
                "io.plantwire.sink.mqtt~uns", "io.plantwire.sink.mqtt", "FAILED_ACTIVATION",
                "broker.url 'http://x' is invalid", false));
        assertThat(manager.calls).containsExactly("status(" + SINKS + ")");
    }

    @Test
    void aStatusThatCannotBeReadIsShownAsTheProblemNotAFailure() {
        List<FeaturesPage.Feature> features = desk.features();
        assertThat(features.get(1).statusProblem()).isEqualTo("status unknown: feature '" + SINKS
                + "' is not installed");
    }

    @Test
    void theReportKeepsOnlyNonEmptyCategoriesInTheShellsOrder() {
        ChangeReport r = new ChangeReport("x", List.of("a"), List.of("b"), List.of(), List.of("c"), List.of(),
                List.of("d"), List.of("e"), List.of("f"));
        assertThat(FeatureDesk.changes(r)).extracting(FeaturesPage.Change::label).containsExactly("installed",
                "updated", "refreshed", "configurations updated", "configurations kept", "configurations deleted");
    }

    @Test
    void formsWithoutATargetOrWithAnUnknownActionAreRejectedBeforeTheInstaller() {
        assertThatThrownBy(() -> action("install", " ", "")).isInstanceOf(FeatureAction.Invalid.class)
                .hasMessageContaining("nothing to install");
        assertThatThrownBy(() -> action("", "meters", null)).hasMessageContaining("no action given");
        assertThatThrownBy(() -> action("refresh", "meters", null)).hasMessageContaining("unknown action 'refresh'");
        assertThatThrownBy(() -> action("update", "meters", "42")).hasMessageContaining("either a feature or a bundle");
    }
}
