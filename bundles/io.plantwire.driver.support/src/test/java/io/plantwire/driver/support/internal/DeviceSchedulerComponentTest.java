package io.plantwire.driver.support.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeviceSchedulerComponentTest {

    @Test
    void threadsAreNamedAfterTheLastPartOfTheDriverBundlesName() {
        assertThat(DeviceSchedulerComponent.threadName("io.plantwire.driver.modbus")).isEqualTo("modbus");
        assertThat(DeviceSchedulerComponent.threadName("com.acme.line-driver")).isEqualTo("line-driver");
        assertThat(DeviceSchedulerComponent.threadName("odd.na me\n")).isEqualTo("na_me_");
        assertThat(DeviceSchedulerComponent.threadName("trailing.")).isEqualTo("driver");
        assertThat(DeviceSchedulerComponent.threadName(null)).isEqualTo("driver");
    }
}
