/**
 * Text that came from outside the gateway (a device, an MES reply, a user name, a broker's answer, a configuration
 * value) made safe to show: {@link io.plantwire.api.text.SafeText} escapes control characters before a string
 * reaches a terminal or a log line, and {@link io.plantwire.api.text.Redaction} removes credentials from URLs,
 * property lists and error messages before they are logged or shown in a status page.
 *
 * <p>Drivers, context providers and sinks use these for every message that quotes a foreign string, so that a
 * device cannot forge log lines or send escape sequences to an operator's terminal, and a JDBC URL with a password
 * never reaches a log file.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.plantwire.api.text;
