package io.plantwire.config.files.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The rule; FactoryFileNameCheckInFrameworkTest has it with the real FileInstall and Config Admin. */
class FactoryFileNameCheckTest {

    private static final String URL = "file:/opt/plantwire/conf/io.plantwire.sink.mqtt~line2.cfg";

    @Test
    void aTildeFileNamesTheFileAndTheNameThatWorks() {
        assertThat(FactoryFileNameCheck.problem("io.plantwire.sink.mqtt~line2", null, URL)).hasValueSatisfying(
                message -> assertThat(message)
                        .startsWith("Configuration file io.plantwire.sink.mqtt~line2.cfg made the plain configuration "
                                + "'io.plantwire.sink.mqtt~line2', not a factory configuration of io.plantwire.sink.mqtt")
                        .contains("Rename the file io.plantwire.sink.mqtt-line2.cfg (" + URL + ")"));
    }

    @Test
    void aTypedConfigFileKeepsItsExtension() {
        assertThat(FactoryFileNameCheck.problem("io.plantwire.driver.modbus~meter-1", null,
                "file:/conf/io.plantwire.driver.modbus~meter-1.config"))
                .hasValueSatisfying(message -> assertThat(message)
                        .contains("Rename the file io.plantwire.driver.modbus-meter-1.config"));
    }

    @Test
    void factoryConfigurationsPlainPidsAndConfigurationsWithoutAFileAreLeftAlone() {
        assertThat(FactoryFileNameCheck.problem("io.plantwire.sink.mqtt~line2", "io.plantwire.sink.mqtt", URL))
                .isEmpty();
        assertThat(FactoryFileNameCheck.problem("io.plantwire.console.access", null,
                "file:/conf/io.plantwire.console.access.cfg")).isEmpty();
        assertThat(FactoryFileNameCheck.problem("io.plantwire.sink.mqtt~line2", null, null)).isEmpty();
        assertThat(FactoryFileNameCheck.problem("~line2", null, "file:/conf/~line2.cfg")).isEmpty();
        assertThat(FactoryFileNameCheck.problem("io.plantwire.sink.mqtt~", null, "file:/conf/x~.cfg")).isEmpty();
    }

    @Test
    void aControlCharacterInTheFileNameCannotForgeALogLine() {
        assertThat(FactoryFileNameCheck.problem("a~b\nWARNING forged", null, "file:/conf/a~b\nWARNING forged.cfg"))
                .hasValueSatisfying(message -> assertThat(message).doesNotContain("\n").contains("a~b\\nWARNING forged"));
    }
}
