package io.plantwire.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsolePageTest {

    @Test
    void pointsTheScriptAtTheJsonUnderThePluginRoot() {
        String html = ConsolePage.render("/system/console/plantwire", 1500);
        assertThat(html).contains("data-json-url='/system/console/plantwire/data.json'")
                .contains("data-refresh-ms='1500'")
                .contains("<script src='/system/console/plantwire/res/console.js'></script>")
                .contains("id='pw-devices'", "id='pw-assets'", "id='pw-asset-filter'", "id='pw-pipeline'",
                        "id='pw-stages'", "id='pw-sinks'");
        // The console replaces ${...} in HTML output with localized strings; the page must not offer any.
        assertThat(html).doesNotContain("${");
    }

    @Test
    void aHostileContextPathCannotBreakOutOfTheAttribute() {
        String html = ConsolePage.render("/x'><script>alert(1)</script>", 2000);
        assertThat(html).doesNotContain("<script>alert").contains("/x&#39;&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void aMissingOrMalformedCursorMeansFullTrends() {
        assertThat(PlantwireConsolePlugin.cursor(null)).isZero();
        assertThat(PlantwireConsolePlugin.cursor("abc")).isZero();
        assertThat(PlantwireConsolePlugin.cursor("-5")).isZero();
        assertThat(PlantwireConsolePlugin.cursor("1234")).isEqualTo(1234L);
    }

    @Test
    void htmlEscapeCoversTextAndAttributes() {
        assertThat(Html.escape("a&b<c>\"d'e\u0000f")).isEqualTo("a&amp;b&lt;c&gt;&quot;d&#39;ef");
        assertThat(Html.escape(null)).isEmpty();
        // The console would turn ${key} into a variable or localized string, and drop a backslash before $.
        assertThat(Html.escape("${mqtt.broker.url} C:\\x\\$y")).isEqualTo("&#36;{mqtt.broker.url} C:&#92;x&#92;&#36;y");
    }
}
