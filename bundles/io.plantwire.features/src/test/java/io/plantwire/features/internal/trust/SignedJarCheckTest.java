package io.plantwire.features.internal.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.plantwire.test.support.TestSigner;

class SignedJarCheckTest {

    @TempDir
    static Path dir;
    static TestSigner oem;
    static TestSigner stranger;
    static SignedJarCheck check;
    static Path plain;
    static Path signed;

    @BeforeAll
    static void keys() throws Exception {
        oem = TestSigner.make(dir, "Acme OEM", null, 30);
        stranger = TestSigner.make(dir, "Unknown OEM", null, 30);
        oem.trustIn(dir.resolve("trust"));
        check = new SignedJarCheck(new TrustStore(dir.resolve("trust")));
        plain = TestSigner.bundle(dir.resolve("plain.jar"), "com.acme.driver");
        signed = oem.sign(plain, dir.resolve("signed.jar"));
    }

    @Test
    void aJarSignedByATrustedSignerIsAdmitted() {
        assertThat(check.refusal(signed)).isNull();
    }

    @Test
    void anUnsignedJarIsRefused() {
        assertThat(check.refusal(plain)).isEqualTo(new Refusal(Refusal.UNSIGNED, "it is not signed"));
    }

    @Test
    void aJarSignedByAnUntrustedSignerIsRefusedNamingTheSigner() throws Exception {
        Refusal r = check.refusal(stranger.sign(plain, dir.resolve("stranger.jar")));
        assertThat(r.kind()).isEqualTo(Refusal.UNTRUSTED_SIGNER);
        assertThat(r.reason()).startsWith("signer CN=Unknown OEM,O=Test is not trusted");
    }

    @Test
    void anEntryChangedAfterSigningIsRefusedNamingTheEntry() throws Exception {
        Refusal r = check.refusal(TestSigner.withChangedEntry(signed, dir.resolve("tampered.jar"),
                "com/acme/Driver.class"));
        assertThat(r.kind()).isEqualTo(Refusal.TAMPERED);
        assertThat(r.reason()).startsWith("entry com/acme/Driver.class does not match its signature");
    }

    @Test
    void oneByteChangedInTheFileIsRefused() throws Exception {
        byte[] bytes = Files.readAllBytes(signed);
        // Somewhere in the first entry's data, past the local header: the content, not the zip structure.
        bytes[bytes.length / 3] ^= 1;
        Path tampered = Files.write(dir.resolve("byte.jar"), bytes);
        assertThat(check.refusal(tampered)).isNotNull();
    }

    @Test
    void anEntryAddedAfterSigningIsRefusedNamingTheEntry() throws Exception {
        Refusal r = check.refusal(TestSigner.withAddedEntry(signed, dir.resolve("added.jar"), "com/acme/Evil.class"));
        assertThat(r).isEqualTo(new Refusal(Refusal.PARTIALLY_SIGNED, "entry com/acme/Evil.class is not signed"));
    }

    @Test
    void anExpiredCertificateIsRefused() throws Exception {
        TestSigner expired = TestSigner.make(dir, "Expired OEM", "-10d", 2);
        Path store = dir.resolve("trust-expired");
        expired.trustIn(store);
        Refusal r = new SignedJarCheck(new TrustStore(store)).refusal(expired.sign(plain, dir.resolve("expired.jar")));
        assertThat(r.kind()).isEqualTo(Refusal.EXPIRED);
        assertThat(r.reason()).contains("CN=Expired OEM").contains("expired on");
    }

    @Test
    void notAJarIsRefused() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.jar"), "not a zip");
        assertThat(check.refusal(text).kind()).isEqualTo(Refusal.UNREADABLE);
    }

    @Test
    void anEmptyOrBrokenTrustStoreTrustsNobody() throws Exception {
        Path store = Files.createDirectories(dir.resolve("trust-broken"));
        Files.writeString(store.resolve("junk.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        TrustStore trust = new TrustStore(store);
        assertThat(new SignedJarCheck(trust).refusal(signed).kind()).isEqualTo(Refusal.UNTRUSTED_SIGNER);
        assertThat(trust.problems()).singleElement().asString().startsWith("junk.pem");
    }

    @Test
    void theTrustStoreIsReadAgainWhenACertificateIsAdded() throws Exception {
        Path store = Files.createDirectories(dir.resolve("trust-later"));
        SignedJarCheck later = new SignedJarCheck(new TrustStore(store));
        assertThat(later.refusal(signed)).isNotNull();
        oem.trustIn(store);
        assertThat(later.refusal(signed)).isNull();
    }
}
