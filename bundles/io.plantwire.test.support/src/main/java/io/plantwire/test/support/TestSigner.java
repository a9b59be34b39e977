package io.plantwire.test.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipFile;

import jdk.security.jarsigner.JarSigner;

/**
 * A signer made in the test: an EC P-256 key with a self-signed certificate from the JDK's keytool. It signs jars with
 * the JDK's JarSigner API (the jarsigner format) and writes its certificate as PEM into a trust store folder. The
 * static helpers make the jars a trust check must refuse: an entry added after signing, an entry changed after signing.
 */
public final class TestSigner {

    /** The private key. */
    public final PrivateKey key;
    /** The certificate chain, the signer's own first (here just that one). */
    public final List<X509Certificate> chain;

    private TestSigner(PrivateKey key, List<X509Certificate> chain) {
        this.key = key;
        this.chain = chain;
    }

    /** A new EC key with a self-signed certificate; {@code startDate} as keytool takes it ("-2d"), or null. */
    public static TestSigner make(Path dir, String name, String startDate, int validityDays) throws Exception {
        Path store = dir.resolve(name + ".p12");
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "keytool")
                .toString(), "-genkeypair", "-alias", "k", "-keyalg", "EC", "-groupname", "secp256r1", "-storetype",
                "PKCS12", "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit", "-dname",
                "CN=" + name + ", O=Test", "-validity", Integer.toString(validityDays)));
        if (startDate != null) {
            command.addAll(List.of("-startdate", startDate));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("keytool: " + out);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate c : ks.getCertificateChain("k")) {
            chain.add((X509Certificate) c);
        }
        return new TestSigner((PrivateKey) ks.getKey("k", "changeit".toCharArray()), chain);
    }

    /** Writes the certificate as PEM into the folder (a trust store). */
    public Path trustIn(Path folder) throws Exception {
        Files.createDirectories(folder);
        Path file = folder.resolve(chain.get(0).getSubjectX500Principal().getName().replaceAll("[^A-Za-z0-9]", "_") + ".pem");
        Files.writeString(file, pem());
        return file;
    }

    /** The signer's certificate as PEM text. */
    public String pem() throws java.security.cert.CertificateEncodingException {
        return "-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(chain.get(0).getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    /** A small bundle jar with a manifest and two class-like entries. */
    public static Path bundle(Path file, String symbolicName) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", "1.0.0");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file), manifest)) {
            out.putNextEntry(new JarEntry("com/acme/Driver.class"));
            out.write(("driver code of " + symbolicName + " ").repeat(50).getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            out.putNextEntry(new JarEntry("com/acme/points.csv"));
            out.write("name,register\npower,0\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return file;
    }

    /** Signs the jar (jarsigner format) into a new file. */
    public Path sign(Path jar, Path signed) throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        JarSigner signer = new JarSigner.Builder(key, factory.generateCertPath(chain)).signerName("TEST").build();
        try (ZipFile in = new ZipFile(jar.toFile()); OutputStream out = Files.newOutputStream(signed)) {
            signer.sign(in, out);
        }
        return signed;
    }

    /** Copies a signed jar and adds one unsigned entry to it. */
    public static Path withAddedEntry(Path signed, Path out, String name) throws IOException {
        try (JarFile in = new JarFile(signed.toFile(), false);
                JarOutputStream jar = new JarOutputStream(Files.newOutputStream(out))) {
            for (var entries = in.entries(); entries.hasMoreElements();) {
                JarEntry e = entries.nextElement();
                jar.putNextEntry(new JarEntry(e.getName()));
                try (InputStream data = in.getInputStream(e)) {
                    data.transferTo(jar);
                }
                jar.closeEntry();
            }
            jar.putNextEntry(new JarEntry(name));
            jar.write("added after signing".getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return out;
    }

    /** Copies a signed jar with one entry's content changed by one byte (entries stored again, not the raw file). */
    public static Path withChangedEntry(Path signed, Path out, String name) throws IOException {
        try (JarFile in = new JarFile(signed.toFile(), false);
                JarOutputStream jar = new JarOutputStream(Files.newOutputStream(out))) {
            for (var entries = in.entries(); entries.hasMoreElements();) {
                JarEntry e = entries.nextElement();
                jar.putNextEntry(new JarEntry(e.getName()));
                byte[] data;
                try (InputStream stream = in.getInputStream(e)) {
                    data = stream.readAllBytes();
                }
                if (e.getName().equals(name)) {
                    data[data.length / 2] ^= 1;
                }
                jar.write(data);
                jar.closeEntry();
            }
        }
        return out;
    }
}
