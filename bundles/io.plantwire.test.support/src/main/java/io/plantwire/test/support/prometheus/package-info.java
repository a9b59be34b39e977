/**
 * A strict parser of the Prometheus text exposition format 0.0.4 and of OpenMetrics 1.0 text, for tests that
 * scrape {@code /metrics}: {@link io.plantwire.test.support.prometheus.Exposition#parse} fails on anything the
 * formats do not allow, so a test reads values from a well-formed exposition, never from a substring. Test scope
 * only.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.plantwire.test.support.prometheus;
