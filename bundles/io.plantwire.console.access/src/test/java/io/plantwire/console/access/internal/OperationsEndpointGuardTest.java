package io.plantwire.console.access.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OperationsEndpointGuardTest {

    @Test
    void theTokenCountsOnlyForMetricsAndHealth() {
        assertThat(OperationsEndpointGuard.tokenScope("/metrics")).isTrue();
        assertThat(OperationsEndpointGuard.tokenScope("/health")).isTrue();
        assertThat(OperationsEndpointGuard.tokenScope("/health/ready")).isTrue();
        assertThat(OperationsEndpointGuard.tokenScope("/metrics/x")).isFalse();
        assertThat(OperationsEndpointGuard.tokenScope("/metricsx")).isFalse();
        assertThat(OperationsEndpointGuard.tokenScope("/healthz")).isFalse();
        assertThat(OperationsEndpointGuard.tokenScope("/system/console")).isFalse();
        assertThat(OperationsEndpointGuard.tokenScope("")).isFalse();
    }
}
