/** In-framework tests of the health checks and /health. */
package io.plantwire.health.itest;
