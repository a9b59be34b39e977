package io.plantwire.config.files.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The component's configuration checks; its behaviour with real FileInstall is in io.plantwire.config.files.itest. */
class ConfigFileWriteBackTest {

    @Test
    void theSettleDelayMustBeLongerThanTwoFileInstallPolls() {
        assertThat(ConfigFileWriteBack.validSettleMillis(true, 2500, "1000")).isEqualTo(2500);
        assertThatThrownBy(() -> ConfigFileWriteBack.validSettleMillis(true, 2000, "1000"))
                .hasMessage("Configuration io.plantwire.config.files: settleMillis: 2000 is too short, expected more "
                        + "than 2000 (two FileInstall polls, felix.fileinstall.poll=1000)");
        // Without felix.fileinstall.poll FileInstall polls every 2 s.
        assertThatThrownBy(() -> ConfigFileWriteBack.validSettleMillis(true, 2500, null))
                .hasMessageContaining("expected more than 4000")
                .hasMessageContaining("felix.fileinstall.poll=unset, default 2000");
        assertThat(ConfigFileWriteBack.validSettleMillis(false, 2500, null)).as("not checked when disabled")
                .isEqualTo(2500);
    }

    @Test
    void theSettleDelayMustBeInRange() {
        assertThatThrownBy(() -> ConfigFileWriteBack.validSettleMillis(true, 50, "10"))
                .hasMessage("Configuration io.plantwire.config.files: settleMillis: 50 is out of range, expected "
                        + "100-600000");
        assertThatThrownBy(() -> ConfigFileWriteBack.validSettleMillis(false, 600_001, "1000"))
                .hasMessageContaining("settleMillis: 600001 is out of range");
    }

    @Test
    void filesAreReadInFileInstallsEncoding() {
        assertThat(ConfigFileWriteBack.fileInstallEncoding(null)).isEqualTo(StandardCharsets.ISO_8859_1);
        assertThat(ConfigFileWriteBack.fileInstallEncoding("UTF-8")).isEqualTo(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ConfigFileWriteBack.fileInstallEncoding("latin-42"))
                .hasMessage("felix.fileinstall.configEncoding: latin-42 is not a charset this JVM supports");
    }

    @Test
    void pidsAreEscapedInFilters() {
        assertThat(ConfigFileWriteBack.escape("io.plantwire.tank~a(1)*")).isEqualTo("io.plantwire.tank~a\\(1\\)\\*");
    }
}
