package io.plantwire.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class FeaturesPageTest {

    private static final String ROOT = "/system/console/plantwire-features";
    private static final String TOKEN = "0123abcd";
    private static final String HOSTILE = "<img src=x onerror=alert(1)>'\"${appRoot}\\$x";
    private static final String HOSTILE_ESCAPED =
            "&lt;img src=x onerror=alert(1)&gt;&#39;&quot;&#36;{appRoot}&#92;&#36;x";

    private static FeaturesPage.Feature meters(boolean installed, List<FeaturesPage.ComponentState> status) {
        return new FeaturesPage.Feature("meters", "io.plantwire.test:io.plantwire.feature.meters:1.0.0",
                "Power meters", installed, 3, 2, status, null);
    }

    private static String render(FeaturesPage.View view) {
        return FeaturesPage.render(ROOT, TOKEN, view);
    }

    @Test
    void theTrustSectionShowsModeSignersCountsAndRefusalsEscaped() {
        FeaturesPage.Trust trust = new FeaturesPage.Trust("enforce", "/srv/plantwire/trust",
                List.of("CN=Plantwire build,O=Plantwire"), List.of(), java.util.Map.of("unsigned", 2L, "tampered", 1L),
                List.of(new FeaturesPage.Refusal("2026-12-06T10:00:00Z", "/srv/plantwire/deploy/" + HOSTILE + ".jar",
                        "unsigned", "it is not signed", false)));
        String html = render(new FeaturesPage.View(null, List.of(), null, trust));
        assertThat(html).contains("<span id='pw-trust-mode' class='pw-badge pw-good'>enforce</span>")
                .contains("<code>CN=Plantwire build,O=Plantwire</code>")
                .contains("data-refused='3'>Refused since the start: 3 &middot; tampered 1 &middot; unsigned 2")
                .contains("<td>/srv/plantwire/deploy/" + HOSTILE_ESCAPED + ".jar</td>")
                .contains("pw-good'>refused</span>")
                .doesNotContain(HOSTILE);
    }

    @Test
    void warnModeAndAnEmptyTrustStoreAreShownAsProblems() {
        FeaturesPage.Trust trust = new FeaturesPage.Trust("warn", "trust", List.of(), List.of("junk.pem: no certificate"),
                java.util.Map.of(), List.of(new FeaturesPage.Refusal("t", "a.jar", "unsigned", "it is not signed", true)));
        String html = render(new FeaturesPage.View(null, List.of(), null, trust));
        assertThat(html).contains("pw-badge pw-bad'>warn</span>")
                .contains("jars that fail the checks are installed")
                .contains("No trusted signer")
                .contains("Not a certificate: junk.pem: no certificate")
                .contains("pw-bad'>installed anyway");
        assertThat(render(new FeaturesPage.View(null, List.of(), null))).doesNotContain("pw-trust");
    }

    @Test
    void aFeatureNotInstalledOffersInstallAndAnInstalledOneUpdateAndUninstall() {
        String html = render(new FeaturesPage.View(null, List.of(meters(false, List.of()),
                new FeaturesPage.Feature("sinks", "io.plantwire.test:io.plantwire.feature.sinks:1.0.0", "", true, 1,
                        0, List.of(), null)), null));

        String metersRow = row(html, "io.plantwire.test:io.plantwire.feature.meters:1.0.0");
        assertThat(metersRow).contains("<td>meters<br><span class='pw-note'>Power meters</span></td>")
                .contains("<td>no</td><td class='pw-num'>3</td><td class='pw-num'>2</td>")
                .contains("name='action' value='install'>Install</button>")
                .doesNotContain("value='update'", "value='uninstall'");
        String sinksRow = row(html, "io.plantwire.test:io.plantwire.feature.sinks:1.0.0");
        assertThat(sinksRow).contains("installed</span>")
                .contains("value='update'>Update</button>", "value='uninstall'>Uninstall</button>")
                .doesNotContain("value='install'");
        // Every form posts to the page with the token and names its feature by id.
        assertThat(count(html, "<form ")).isEqualTo(4);
        assertThat(count(html, "method='post' action='" + ROOT + "'")).isEqualTo(4);
        assertThat(count(html, "name='token' value='" + TOKEN + "'")).isEqualTo(4);
        assertThat(metersRow).contains("name='feature' value='io.plantwire.test:io.plantwire.feature.meters:1.0.0'");
        assertThat(html).contains("id='pw-bundle-form'", "name='bundle'");
    }

    @Test
    void everyTextFromTheInstallerIsEscapedIncludingTheConsolesTemplateCharacters() {
        FeaturesPage.Feature hostile = new FeaturesPage.Feature(HOSTILE, HOSTILE, HOSTILE, true, 1, 1,
                List.of(new FeaturesPage.ComponentState(HOSTILE, HOSTILE, HOSTILE, HOSTILE, false)), null);
        FeaturesPage.Outcome outcome = new FeaturesPage.Outcome(true, HOSTILE, HOSTILE,
                List.of(new FeaturesPage.Change("installed", List.of(HOSTILE))));

        String html = FeaturesPage.render(ROOT + "'>", HOSTILE, new FeaturesPage.View(null, List.of(hostile), outcome));

        assertThat(html).doesNotContain("<img", "${", "\\$").contains("action='" + ROOT + "&#39;&gt;'");
        // headline, message, change item; name, description, id cell, row attribute, the update and uninstall
        // forms' feature; the token in three forms; h3, status table attribute, pid, component, state, detail.
        assertThat(count(html, HOSTILE_ESCAPED)).isEqualTo(18);
    }

    @Test
    void theUninstallConfirmationEscapesItsTargetAndCarriesTheTokenAndConfirm() throws Exception {
        FeatureAction hostileBundle = FeatureAction.parse(Map.of("action", "uninstall", "bundle", HOSTILE)::get);

        String html = FeaturesPage.render(ROOT, HOSTILE,
                new FeaturesPage.View(null, List.of(), FeaturesPage.Outcome.confirm(hostileBundle)));

        assertThat(html).doesNotContain("<img", "${", "\\$").contains("data-outcome='confirm'",
                "name='confirm' value='yes'", "The bundle is stopped and removed");
        // headline, the hidden bundle field, the token in the confirming form and in the single-bundle form
        assertThat(count(html, HOSTILE_ESCAPED)).isEqualTo(4);
    }

    @Test
    void withoutTheInstallerThePageSaysSoAndOffersNoForms() {
        String html = render(new FeaturesPage.View(FeaturesConsolePlugin.NOT_INSTALLED, List.of(), null));
        assertThat(html).contains("id='pw-features-unavailable'")
                .contains("Feature installer not installed")
                .doesNotContain("<form");
    }

    @Test
    void aDoneOutcomeListsTheChangesAndAFailedOneTheCause() {
        String done = render(new FeaturesPage.View(null, List.of(), new FeaturesPage.Outcome(true,
                "Install feature meters", "", List.of(new FeaturesPage.Change("installed",
                        List.of("probe.api 1.0.0 [12]", "probe.driver 1.0.0 [13]"))))));
        assertThat(done).contains("data-outcome='done'", "Done: Install feature meters",
                "<tr><th>installed</th><td><ul><li>probe.api 1.0.0 [12]</li><li>probe.driver 1.0.0 [13]</li></ul>");

        String nothing = render(new FeaturesPage.View(null, List.of(),
                new FeaturesPage.Outcome(true, "Update feature meters", "", List.of())));
        assertThat(nothing).contains("nothing changed");

        String failed = render(new FeaturesPage.View(null, List.of(), FeaturesPage.Outcome.failed(
                "Install feature broken", "missing requirement osgi.wiring.package=com.acme.missing")));
        assertThat(failed).contains("data-outcome='failed'", "Failed: Install feature broken",
                "<p class='pw-outcome-message pw-error' id='pw-outcome-message'>missing requirement "
                        + "osgi.wiring.package=com.acme.missing</p>")
                .doesNotContain("pw-outcome-report");
    }

    @Test
    void theStatusOfAnInstalledFeatureMarksWhatIsNotInUse() {
        String html = render(new FeaturesPage.View(null, List.of(meters(true, List.of(
                new FeaturesPage.ComponentState("probe.driver", "probe.driver", "ACTIVE", "", true),
                new FeaturesPage.ComponentState("probe.device~meter-2", "", "NO_COMPONENT",
                        "no active component uses this configuration (is its bundle active?)", false)))), null));

        assertThat(html).contains("<td>probe.driver</td><td>probe.driver</td><td><span class='pw-badge pw-good'>ACTIVE")
                .contains("<span class='pw-badge pw-bad'>NO_COMPONENT</span>")
                .contains("1 of 2 configurations not in use");
    }

    @Test
    void aStatusThatCannotBeReadIsShownInsteadOfTheTable() {
        String html = render(new FeaturesPage.View(null, List.of(new FeaturesPage.Feature("meters", "m:1", "", true,
                1, 1, List.of(), "status unknown: Declarative Services is not running")), null));
        assertThat(html).contains("<p class='pw-error'>status unknown: Declarative Services is not running</p>")
                .doesNotContain("pw-feature-status");
    }

    private static String row(String html, String featureId) {
        Matcher m = Pattern.compile("<tr data-feature='" + Pattern.quote(featureId) + "'.*?</tr>").matcher(html);
        assertThat(m.find()).as("row of " + featureId).isTrue();
        return m.group();
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
