package io.plantwire.features.internal.trust;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.plantwire.features.internal.FeaturePins;
import io.plantwire.features.trust.FeatureSignature;

/**
 * The build step that makes a distribution's features trusted: pins the SHA-256 of every bundle a feature installs
 * (from the jar in the distribution's repository), signs each feature file with the build key, and writes the build
 * key's certificate into the distribution's trust store. Run by runtime/pom.xml after the repository and the feature
 * files are in place:
 *
 * <pre>
 * SignFeatures &lt;features dir&gt; &lt;repository dir&gt; &lt;keystore.p12&gt; &lt;trust dir&gt;
 * </pre>
 *
 * The store password comes from the environment variable PLANTWIRE_BUILD_KEY_PASSWORD, else the system property
 * plantwire.buildKeyPassword. When the keystore does not exist, a new EC P-256 key and a self-signed certificate are
 * made with the JDK's keytool: every build tree has its own key, none is ever committed (docs/security.md).
 */
public final class SignFeatures {

    static final String ALIAS = "plantwire-build";
    static final String CERTIFICATE_FILE = "plantwire-build.pem";

    private SignFeatures() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: SignFeatures <features dir> <repository dir> <keystore.p12> <trust dir>");
        }
        Path features = Paths.get(args[0]);
        Path repository = Paths.get(args[1]);
        Path keystore = Paths.get(args[2]);
        Path trust = Paths.get(args[3]);
        String password = System.getenv("PLANTWIRE_BUILD_KEY_PASSWORD");
        if (password == null || password.isEmpty()) {
            password = System.getProperty("plantwire.buildKeyPassword", "");
        }
        if (password.length() < 6) {
            throw new IllegalArgumentException("the build key password (PLANTWIRE_BUILD_KEY_PASSWORD or "
                    + "-Dplantwire.buildKeyPassword) must have at least 6 characters");
        }
        if (!Files.isRegularFile(keystore)) {
            makeKey(keystore, password);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password.toCharArray());
        }
        PrivateKey key = (PrivateKey) store.getKey(ALIAS, password.toCharArray());
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate c : store.getCertificateChain(ALIAS)) {
            chain.add((X509Certificate) c);
        }
        Files.createDirectories(trust);
        Files.writeString(trust.resolve(CERTIFICATE_FILE), pem(chain.get(0)), StandardCharsets.US_ASCII);
        int signed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(features, "*.json")) {
            for (Path file : files) {
                byte[] pinned = FeaturePins.pin(Files.readString(file, StandardCharsets.UTF_8), file.toString(),
                        repository).getBytes(StandardCharsets.UTF_8);
                Files.write(file, pinned);
                Files.writeString(file.resolveSibling(file.getFileName() + FeatureSignature.SUFFIX),
                        FeatureSignature.sign(pinned, key, chain), StandardCharsets.US_ASCII);
                signed++;
            }
        }
        System.out.println("SignFeatures: pinned and signed " + signed + " feature(s) in " + features + " with "
                + chain.get(0).getSubjectX500Principal().getName() + "; certificate in " + trust.resolve(CERTIFICATE_FILE));
    }

    static String pem(X509Certificate certificate) throws GeneralSecurityException {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    private static void makeKey(Path keystore, String password) throws IOException, InterruptedException {
        Files.createDirectories(keystore.toAbsolutePath().getParent());
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        Path keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", ALIAS, "-keyalg", "EC",
                "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-validity", "825", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", password, "-keypass", password,
                "-dname", "CN=Plantwire build " + host.replaceAll("[^A-Za-z0-9.-]", "-") + " "
                        + java.time.LocalDate.now() + ", O=Plantwire")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("keytool could not make the build key: " + output);
        }
        try {
            Files.setPosixFilePermissions(keystore, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
    }

}
