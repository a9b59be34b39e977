package io.plantwire.test.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The helpers make what they promise: the trust tests are only as good as these jars and keys. */
class TestSignerTest {

    @TempDir
    static Path dir;
    static TestSigner signer;
    static Path signed;

    @BeforeAll
    static void key() throws Exception {
        signer = TestSigner.make(dir, "Helper OEM", null, 30);
        signed = signer.sign(TestSigner.bundle(dir.resolve("plain.jar"), "com.acme.helper"), dir.resolve("signed.jar"));
    }

    @Test
    void makesAValidKeyWithItsName() throws Exception {
        assertThat(signer.chain).hasSize(1);
        assertThat(signer.chain.get(0).getSubjectX500Principal().getName()).isEqualTo("CN=Helper OEM,O=Test");
        signer.chain.get(0).checkValidity();
        TestSigner expired = TestSigner.make(dir, "Old OEM", "-10d", 2);
        assertThatThrownBy(() -> expired.chain.get(0).checkValidity())
                .isInstanceOf(java.security.cert.CertificateExpiredException.class);
    }

    @Test
    void everyEntryOfASignedJarIsSignedByIt() throws Exception {
        for (JarEntry e : readAll(signed)) {
            if (!e.isDirectory() && !e.getName().startsWith("META-INF/")) {
                assertThat(e.getCodeSigners()).as(e.getName()).isNotNull();
                assertThat(e.getCodeSigners()[0].getSignerCertPath().getCertificates().get(0))
                        .isEqualTo(signer.chain.get(0));
            }
        }
    }

    @Test
    void anAddedEntryIsUnsignedAndAChangedOneFailsVerification() throws Exception {
        List<JarEntry> added = readAll(TestSigner.withAddedEntry(signed, dir.resolve("added.jar"), "com/acme/Evil.class"));
        assertThat(added).filteredOn(e -> e.getName().equals("com/acme/Evil.class")).singleElement()
                .satisfies(e -> assertThat(e.getCodeSigners()).isNull());
        Path changed = TestSigner.withChangedEntry(signed, dir.resolve("changed.jar"), "com/acme/Driver.class");
        assertThatThrownBy(() -> readAll(changed)).isInstanceOf(SecurityException.class)
                .hasMessageContaining("com/acme/Driver.class");
    }

    @Test
    void thePemIsTheCertificate() throws Exception {
        Path file = signer.trustIn(dir.resolve("trust"));
        assertThat(Files.readString(file)).isEqualTo(signer.pem());
        Object parsed = CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(signer.pem().getBytes(StandardCharsets.US_ASCII)));
        assertThat(parsed).isEqualTo(signer.chain.get(0));
    }

    /** Reads every entry in full (which makes the JDK verify it) and returns them. */
    private static List<JarEntry> readAll(Path jar) throws IOException {
        List<JarEntry> entries = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile(), true)) {
            for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements();) {
                JarEntry entry = e.nextElement();
                try (InputStream in = file.getInputStream(entry)) {
                    in.readAllBytes();
                }
                entries.add(entry);
            }
        }
        return entries;
    }
}
