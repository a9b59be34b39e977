package io.plantwire.features.trust;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * A detached signature of a feature file ({@code <feature>.json.sig}), in a properties format:
 *
 * <pre>
 * format=plantwire-feature-signature/1
 * algorithm=SHA256withECDSA
 * certificate.0=&lt;base64 DER of the signer's certificate&gt;
 * certificate.1=&lt;base64 DER of the certificate that issued it&gt;   (optional, and so on)
 * signature=&lt;base64 signature over the exact bytes of the feature file&gt;
 * </pre>
 *
 * Only the JDK's own signature algorithms are used ({@link #ALGORITHMS}). This class checks that the signature
 * matches the content and the first certificate's key; whether that certificate is trusted is the gateway's trust
 * store's decision.
 */
public final class FeatureSignature {

    /** The value of the {@code format} line. */
    public static final String FORMAT = "plantwire-feature-signature/1";

    /** The algorithms a signature may use: ECDSA P-256/P-384, Ed25519, RSA with SHA-256. */
    public static final Set<String> ALGORITHMS = Set.of("SHA256withECDSA", "SHA384withECDSA", "Ed25519",
            "SHA256withRSA");

    /** A signature file larger than this is refused before it is parsed. */
    public static final int MAX_BYTES = 64 * 1024;

    /** The file name suffix of a signature next to its feature file. */
    public static final String SUFFIX = ".sig";

    private final String algorithm;
    private final List<X509Certificate> chain;
    private final byte[] signature;

    private FeatureSignature(String algorithm, List<X509Certificate> chain, byte[] signature) {
        this.algorithm = algorithm;
        this.chain = List.copyOf(chain);
        this.signature = signature.clone();
    }

    /** The signature algorithm, one of {@link #ALGORITHMS}. */
    public String algorithm() {
        return algorithm;
    }

    /** The signer's certificate first, then the certificates that issued it, as the signature file carries them. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /**
     * Signs the content.
     *
     * @param content the exact bytes of the feature file
     * @param key the signer's private key (EC, Ed25519 or RSA)
     * @param chain the signer's certificate first, then its issuers (may be just the signer's certificate)
     * @return the text of the signature file
     * @throws GeneralSecurityException if the key cannot sign
     */
    public static String sign(byte[] content, PrivateKey key, List<X509Certificate> chain)
            throws GeneralSecurityException {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain: the signer's certificate is missing");
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            case "RSA" -> "SHA256withRSA";
            default -> throw new GeneralSecurityException("key algorithm " + key.getAlgorithm()
                    + " is not supported; use EC (P-256), Ed25519 or RSA");
        };
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(content);
        byte[] value = signer.sign();
        StringBuilder out = new StringBuilder("# Detached signature of a Plantwire feature file (docs/security.md)\n");
        out.append("format=").append(FORMAT).append('\n');
        out.append("algorithm=").append(algorithm).append('\n');
        Base64.Encoder base64 = Base64.getEncoder();
        for (int i = 0; i < chain.size(); i++) {
            out.append("certificate.").append(i).append('=').append(base64.encodeToString(chain.get(i).getEncoded()))
                    .append('\n');
        }
        out.append("signature=").append(base64.encodeToString(value)).append('\n');
        return out.toString();
    }

    /**
     * Reads a signature file.
     *
     * @param text its content
     * @return the signature
     * @throws IllegalArgumentException naming what is wrong with it (size, format, algorithm, certificate, encoding)
     */
    public static FeatureSignature parse(byte[] text) {
        if (text.length > MAX_BYTES) {
            throw new IllegalArgumentException("the signature file has " + text.length + " bytes, more than "
                    + MAX_BYTES);
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(text, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the signature file is not a properties file: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(p.getProperty("format"))) {
            throw new IllegalArgumentException("the signature file's format is '" + p.getProperty("format")
                    + "', expected " + FORMAT);
        }
        String algorithm = p.getProperty("algorithm", "");
        if (!ALGORITHMS.contains(algorithm)) {
            throw new IllegalArgumentException("signature algorithm '" + algorithm + "' is not one of " + ALGORITHMS);
        }
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (int i = 0; i < 10 && p.getProperty("certificate." + i) != null; i++) {
                byte[] der = Base64.getDecoder().decode(p.getProperty("certificate." + i).trim());
                chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (CertificateException | IllegalArgumentException e) {
            throw new IllegalArgumentException("a certificate in the signature file cannot be read: " + e.getMessage(),
                    e);
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("the signature file carries no certificate (certificate.0)");
        }
        byte[] value;
        try {
            value = Base64.getDecoder().decode(p.getProperty("signature", "").trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the signature is not base64: " + e.getMessage(), e);
        }
        if (value.length == 0) {
            throw new IllegalArgumentException("the signature file has no signature");
        }
        return new FeatureSignature(algorithm, chain, value);
    }

    /**
     * Whether the signature matches the content and the key of the signer's certificate. A false answer means the
     * content was changed after signing, or the signature was made with another key.
     *
     * @param content the exact bytes of the feature file
     * @return true if it matches
     */
    public boolean matches(byte[] content) {
        try {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(chain.get(0).getPublicKey());
            verifier.update(content);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

}
