package io.plantwire.console.access.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SameOriginRuleTest {

    private static final String HOST = "127.0.0.1:8080";
    private final SameOriginRule rule = new SameOriginRule(List.of());

    private Optional<String> post(String origin, String secFetchSite, String referer) {
        return rule.refusal(new SameOriginRule.Request("POST", "http", HOST, origin, secFetchSite, referer));
    }

    @Test
    void readingMethodsPassWhateverTheyCarry() {
        for (String m : List.of("GET", "HEAD", "OPTIONS", "get")) {
            assertThat(rule.refusal(new SameOriginRule.Request(m, "http", HOST, "http://evil.example", "cross-site",
                    null))).as(m).isEmpty();
        }
    }

    @Test
    void everyOtherMethodMustComeFromTheConsolesOwnOrigin() {
        for (String m : List.of("POST", "PUT", "DELETE", "PATCH", "TRACE", "PROPFIND")) {
            assertThat(rule.refusal(new SameOriginRule.Request(m, "http", HOST, "http://evil.example", null, null)))
                    .as(m).isPresent();
            assertThat(rule.refusal(new SameOriginRule.Request(m, "http", HOST, "http://127.0.0.1:8080", null, null)))
                    .as(m).isEmpty();
        }
    }

    @Test
    void originDecidesWhenPresent() {
        assertThat(post("http://127.0.0.1:8080", "cross-site", null)).isEmpty();
        assertThat(post("HTTP://127.0.0.1:8080", null, null)).isEmpty();
        // the browser says same-origin but the Origin header says otherwise: Origin wins
        assertThat(post("http://evil.example", "same-origin", "http://127.0.0.1:8080/system/console/bundles"))
                .hasValueSatisfying(r -> assertThat(r).contains("Origin 'http://evil.example'")
                        .contains("http://127.0.0.1:8080"));
        // same host, other port or scheme: another origin
        assertThat(post("http://127.0.0.1:8081", null, null)).isPresent();
        assertThat(post("https://127.0.0.1:8080", null, null)).isPresent();
        assertThat(post("http://localhost:8080", null, null)).isPresent();
        // sandboxed frames and privacy-stripped requests send "null"
        assertThat(post("null", "same-origin", null)).isPresent();
        assertThat(post("http://127.0.0.1:8080/path", null, null)).isPresent();
        assertThat(post("http://user@127.0.0.1:8080", null, null)).isPresent();
        assertThat(post("not an origin", null, null)).isPresent();
    }

    @Test
    void defaultPortsAreTheSameOriginWrittenOrNot() {
        assertThat(rule.refusal(new SameOriginRule.Request("POST", "http", "gateway.plant", "http://gateway.plant:80",
                null, null))).isEmpty();
        assertThat(rule.refusal(new SameOriginRule.Request("POST", "https", "gateway.plant:443",
                "https://GATEWAY.plant", null, null))).isEmpty();
        assertThat(rule.refusal(new SameOriginRule.Request("POST", "https", "[::1]:8443", "https://[::1]:8443",
                null, null))).isEmpty();
    }

    @Test
    void withoutOriginSecFetchSiteThenRefererDecide() {
        assertThat(post(null, "same-origin", null)).isEmpty();
        assertThat(post(null, "same-site", null)).hasValueSatisfying(r -> assertThat(r).contains("same-site"));
        assertThat(post(null, "cross-site", "http://127.0.0.1:8080/system/console/bundles")).isPresent();
        assertThat(post(null, "none", null)).isPresent();
        assertThat(post(null, null, "http://127.0.0.1:8080/system/console/configMgr")).isEmpty();
        assertThat(post(null, null, "http://127.0.0.1:8080.evil.example/x")).isPresent();
        assertThat(post(null, null, "http://evil.example/?http://127.0.0.1:8080/")).isPresent();
        assertThat(post(null, null, "::::")).isPresent();
    }

    @Test
    void noneOfTheThreeIsRefused() {
        assertThat(post(null, null, null)).hasValue(
                "the request names no origin (no Origin, Sec-Fetch-Site or Referer header)");
        assertThat(rule.refusal(new SameOriginRule.Request("POST", "http", null, "http://127.0.0.1:8080", null,
                null))).as("no Host: own origin unknown").isPresent();
    }

    @Test
    void hostileHeaderTextIsQuotedPrintably() {
        assertThat(post("http://evil.example\r\n2026-12-06 INFO forged", null, null))
                .hasValueSatisfying(r -> assertThat(r).doesNotContain("\r").doesNotContain("\n")
                        .contains("\\r\\n2026-12-06 INFO forged"));
    }

    @Test
    void configuredOriginsCountAsOwn() {
        SameOriginRule proxied = new SameOriginRule(List.of("https://gateway.plant.example", " "));
        assertThat(proxied.refusal(new SameOriginRule.Request("POST", "http", HOST, "https://gateway.plant.example:443",
                null, null))).isEmpty();
        assertThat(proxied.refusal(new SameOriginRule.Request("POST", "http", HOST, "https://other.plant.example",
                null, null))).isPresent();
        assertThatThrownBy(() -> new SameOriginRule(List.of("gateway.plant.example")))
                .hasMessage("allowed.origins entry 'gateway.plant.example' is not an origin of the form "
                        + "http(s)://host[:port]");
        assertThatThrownBy(() -> new SameOriginRule(List.of("https://gateway.plant.example/console")))
                .hasMessageContaining("allowed.origins entry 'https://gateway.plant.example/console'");
    }
}
