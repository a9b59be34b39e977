/** The /metrics endpoint and its collectors; nothing here is exported. */
package io.plantwire.metrics.internal;
