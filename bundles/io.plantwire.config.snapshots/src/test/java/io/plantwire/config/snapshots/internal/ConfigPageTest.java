package io.plantwire.config.snapshots.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ConfigPageTest {

    private static final String ROOT = "/system/console/plantwire-config";

    @Test
    void everyActionIsAPostFormWithTheTokenAndForeignTextIsEscaped() {
        SnapshotStore.Entry entry = new SnapshotStore.Entry("20261206-114312-045", "2026-12-06T11:43:12Z",
                "before changing <script>alert(1)</script> ${mqtt.broker.url}", 3, 1);
        String html = ConfigPage.render(ROOT, "t0k3n", new ConfigPage.View(List.of(entry), null, null, null, null, ""));

        assertThat(html).contains("<form class=\"pw-inline\" method=\"post\" action=\"" + ROOT + "\">"
                + "<input type=\"hidden\" name=\"token\" value=\"t0k3n\"><input type=\"hidden\" name=\"action\" "
                + "value=\"restore\"><input type=\"hidden\" name=\"id\" value=\"20261206-114312-045\">");
        assertThat(html).contains("&lt;script&gt;", "&#36;{mqtt.broker.url}").doesNotContain("<script>", "${");
        assertThat(html).contains("href=\"" + ROOT + "/export.json\"", "href=\"" + ROOT + "?diff=20261206-114312-045\"");
        assertThat(html.split("method=\"post\"", -1)).hasSize(4); // snapshot, restore, import: no GET changes anything
    }

    @Test
    void aDryRunOutcomeAsksToConfirmWithTheSameFieldsAndConfirmYes() {
        ConfigPage.Outcome outcome = new ConfigPage.Outcome(false, "Restore snapshot x?", "nothing has changed yet",
                "~ p\n    ~ port: 1 -> 2", List.<String[]>of(new String[] {"action", "restore"},
                        new String[] {"id", "x"}));
        String html = ConfigPage.render(ROOT, "t", new ConfigPage.View(List.of(), null, null, null, outcome, ""));
        assertThat(html).contains("<pre>~ p\n    ~ port: 1 -&gt; 2</pre>",
                "name=\"action\" value=\"restore\"><input type=\"hidden\" name=\"id\" value=\"x\">"
                        + "<input type=\"hidden\" name=\"confirm\" value=\"yes\"><button type=\"submit\">Confirm");
    }
}
