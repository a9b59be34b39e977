package io.plantwire.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Test keys, made by the JDK's keytool in a temporary folder at test time (never a committed key): a self-signed
 * certificate for localhost / 127.0.0.1 / ::1 in a PKCS#12 keystore, and the same key and certificate as PEM files.
 */
public final class TestCertificates {

    private TestCertificates() {
    }

    /** A PKCS#12 keystore {@code <dir>/<name>.p12} with one EC key pair and its self-signed certificate. */
    public static Path keystore(Path dir, String name, String password) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".p12");
        Path keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", name, "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=localhost, O=Plantwire test", "-ext",
                "SAN=dns:localhost,ip:127.0.0.1,ip:::1", "-validity", "2", "-storetype", "PKCS12", "-keystore",
                file.toString(), "-storepass", password, "-keypass", password).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + out);
        }
        return file;
    }

    /** The keystore's certificate and key as {@code <dir>/<name>-cert.pem} and unencrypted PKCS#8 {@code -key.pem}. */
    public static List<Path> pem(Path keystore, String password, Path dir, String name)
            throws IOException, GeneralSecurityException {
        KeyStore store = load(keystore, password);
        String alias = store.aliases().nextElement();
        X509Certificate cert = (X509Certificate) store.getCertificate(alias);
        PrivateKey key = (PrivateKey) store.getKey(alias, password.toCharArray());
        Path certFile = dir.resolve(name + "-cert.pem");
        Path keyFile = dir.resolve(name + "-key.pem");
        Files.writeString(certFile, pemBlock("CERTIFICATE", cert.getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(keyFile, pemBlock("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
        return new ArrayList<>(List.of(certFile, keyFile));
    }

    public static String pemBlock(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** A client context that trusts exactly the keystore's certificate. */
    public static SSLContext trusting(Path keystore, String password) throws IOException, GeneralSecurityException {
        KeyStore source = load(keystore, password);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("gateway", source.getCertificate(source.aliases().nextElement()));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(Path file, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }
}
