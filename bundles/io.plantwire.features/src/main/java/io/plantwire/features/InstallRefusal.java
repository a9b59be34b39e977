package io.plantwire.features;

import java.time.Instant;

/**
 * A jar or feature file that failed the gateway's trust checks (docs/security.md).
 *
 * @param time when it was checked
 * @param origin what was to be installed: a feature file, a deploy/ file, coordinates, a kept copy at restore
 * @param kind what kind of failure, for counting: {@code unsigned}, {@code partially-signed}, {@code tampered},
 *        {@code untrusted-signer}, {@code expired-certificate}, {@code pin-mismatch}, {@code feature-signature},
 *        {@code unreadable}
 * @param reason what was wrong, e.g. {@code entry com/acme/Driver.class is not signed}
 * @param installedAnyway true when the trust mode is {@code warn} and it was installed regardless
 */
public record InstallRefusal(Instant time, String origin, String kind, String reason, boolean installedAnyway) {
}
