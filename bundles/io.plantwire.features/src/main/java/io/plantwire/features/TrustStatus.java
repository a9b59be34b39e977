package io.plantwire.features;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The gateway's trust policy as it is applied now: its mode, the signers it trusts and what it refused. The Plantwire
 * Features console page shows it.
 */
@ProviderType
public interface TrustStatus {

    /** {@code enforce}, {@code warn} or {@code off}. */
    String mode();

    /** The trust store folder. */
    String trustStore();

    /** The subjects of the trusted certificates. */
    List<String> trustedSigners();

    /** Files in the trust store that could not be read as certificates, with the reason. */
    List<String> trustStoreProblems();

    /** The most recent refusals, newest first (at most 100). */
    List<InstallRefusal> recentRefusals();

    /** How many jars and feature files were refused since the start, by kind (see {@link InstallRefusal#kind()}). */
    Map<String, Long> refusalsByKind();
}
