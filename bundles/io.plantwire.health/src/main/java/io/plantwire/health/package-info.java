/**
 * The gateway's health, as {@code /health} reports it: the result of every Plantwire health check, taken at one
 * moment. The console's Health section and anything else that wants the same verdict as the endpoint use the
 * {@link io.plantwire.health.GatewayHealth} service instead of asking the checks themselves.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.plantwire.health;
