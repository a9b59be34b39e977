package io.plantwire.console.access.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class BasicCredentialsTest {

    private static String basic(String pair) {
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parsesUsernameAndPasswordSplitAtTheFirstColon() {
        assertThat(BasicCredentials.parse(basic("shift-lead:pa:ss:wörd")))
                .contains(new BasicCredentials("shift-lead", "pa:ss:wörd"));
        assertThat(BasicCredentials.parse("  basic " + Base64.getEncoder().encodeToString("a:b".getBytes())))
                .contains(new BasicCredentials("a", "b"));
    }

    @Test
    void anythingElseIsNoCredentials() {
        assertThat(BasicCredentials.parse(null)).isEmpty();
        assertThat(BasicCredentials.parse("")).isEmpty();
        assertThat(BasicCredentials.parse("Bearer abc")).isEmpty();
        assertThat(BasicCredentials.parse("Basic !!!notbase64")).isEmpty();
        assertThat(BasicCredentials.parse(basic("no-colon-here"))).isEmpty();
        assertThat(BasicCredentials.parse("Basic")).isEmpty();
    }

    @Test
    void toStringHidesThePassword() {
        assertThat(new BasicCredentials("shift-lead", "reactor-42-secret").toString())
                .contains("shift-lead").doesNotContain("reactor-42-secret");
    }
}
