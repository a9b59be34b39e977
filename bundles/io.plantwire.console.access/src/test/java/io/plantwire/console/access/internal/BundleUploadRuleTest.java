package io.plantwire.console.access.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BundleUploadRuleTest {

    @Test
    void theBundlesPagesUploadIsRefused() {
        assertThat(BundleUploadRule.refusal("POST", "/bundles", "multipart/form-data; boundary=x"))
                .hasValue(BundleUploadRule.REASON);
        assertThat(BundleUploadRule.refusal("post", "/bundles/", "Multipart/Form-Data")).isPresent();
        assertThat(BundleUploadRule.refusal("POST", "/bundles/install", "application/x-www-form-urlencoded"))
                .isPresent();
        assertThat(BundleUploadRule.refusal("POST", "/bundles/42", "multipart/form-data; boundary=x")).isPresent();
    }

    @Test
    void theBundlesPagesOtherActionsAndOtherPagesPass() {
        assertThat(BundleUploadRule.refusal("POST", "/bundles/42", "application/x-www-form-urlencoded")).isEmpty();
        assertThat(BundleUploadRule.refusal("GET", "/bundles/install", null)).isEmpty();
        assertThat(BundleUploadRule.refusal("POST", "/configMgr/x", "multipart/form-data")).isEmpty();
        assertThat(BundleUploadRule.refusal("POST", "/bundlesx", "multipart/form-data")).isEmpty();
        assertThat(BundleUploadRule.refusal("POST", null, "multipart/form-data")).isEmpty();
    }

    @Test
    void thePathBelowTheConsoleRoot() {
        assertThat(BundleUploadRule.belowConsoleRoot("/system/console/bundles", "/system/console")).isEqualTo("/bundles");
        assertThat(BundleUploadRule.belowConsoleRoot("/other/bundles", "/system/console")).isNull();
    }
}
