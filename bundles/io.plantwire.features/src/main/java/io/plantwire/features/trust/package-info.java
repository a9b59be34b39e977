/**
 * The detached signature of a Plantwire feature file: its format, how to make one and how to read one.
 *
 * <p>A feature file {@code F.json} is accompanied by {@code F.json.sig}, a small properties file that carries the
 * signature algorithm, the signer's certificate chain (base64 DER, signer first) and the signature over the exact
 * bytes of {@code F.json}. A gateway verifies it against its trust store before it reads anything else of the
 * feature (docs/security.md). The Plantwire build signs its own features with {@link
 * io.plantwire.features.trust.FeatureSignature#sign}; a site or OEM that ships its own features signs them the same
 * way with a key whose certificate the gateways trust.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.plantwire.features.trust;
