package io.plantwire.console.access.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScrapeTokenTest {

    private static final String TOKEN = "9f2c1e7a4b6d8e0f1a3c5e7b9d1f3a5c";

    @Test
    void noTokenConfiguredMeansNoToken() {
        assertThat(ScrapeToken.configured("", "")).isEmpty();
        assertThat(ScrapeToken.configured(null, "  ")).isEmpty();
    }

    @Test
    void theTokenAndItsHashAcceptTheSameTokenAndNothingElse() {
        ScrapeToken plain = ScrapeToken.configured(TOKEN, "").orElseThrow();
        ScrapeToken hashed = ScrapeToken.configured("", ScrapeToken.hashOf(TOKEN)).orElseThrow();
        for (ScrapeToken t : new ScrapeToken[] {plain, hashed}) {
            assertThat(t.matches(TOKEN)).isTrue();
            assertThat(t.matches(TOKEN + "x")).isFalse();
            assertThat(t.matches(TOKEN.substring(1))).isFalse();
            assertThat(t.matches("")).isFalse();
            assertThat(t.matches(null)).isFalse();
        }
        assertThat(ScrapeToken.hashOf(TOKEN)).matches("sha256:[0-9a-f]{64}");
    }

    @Test
    void badConfigurationNamesTheAttributeAndNeverRepeatsTheSecret() {
        assertThatThrownBy(() -> ScrapeToken.configured("short-secret", ""))
                .hasMessageContaining("scrape.token").hasMessageContaining("12 characters long")
                .hasMessageNotContaining("short-secret");
        assertThatThrownBy(() -> ScrapeToken.configured(TOKEN + " with blank", ""))
                .hasMessageContaining("printable ASCII").hasMessageNotContaining(TOKEN);
        assertThatThrownBy(() -> ScrapeToken.configured(TOKEN, ScrapeToken.hashOf(TOKEN)))
                .hasMessageContaining("both set");
        assertThatThrownBy(() -> ScrapeToken.configured("", "md5:abc"))
                .hasMessageContaining("scrape.token.hash").hasMessageNotContaining("md5:abc");
        assertThatThrownBy(() -> ScrapeToken.configured("", "sha256:" + "g".repeat(64)))
                .hasMessageContaining("not a hex digit");
        assertThat(ScrapeToken.configured(TOKEN, "").orElseThrow().toString()).doesNotContain(TOKEN);
    }
}
