package io.plantwire.features.internal.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.plantwire.features.FeatureException;
import io.plantwire.features.trust.FeatureSignature;
import io.plantwire.test.support.TestSigner;

class GatewayTrustTest {

    @TempDir
    static Path dir;
    static TestSigner build;
    static TestSigner stranger;
    static Path plain;
    static Path signed;
    static final String SHA = "a".repeat(64);

    @BeforeAll
    static void keys() throws Exception {
        build = TestSigner.make(dir, "Plantwire build", null, 30);
        stranger = TestSigner.make(dir, "Somebody", null, 30);
        build.trustIn(dir.resolve("trust"));
        plain = TestSigner.bundle(dir.resolve("plain.jar"), "com.acme.driver");
        signed = build.sign(plain, dir.resolve("signed.jar"));
    }

    private static GatewayTrust trust(TrustMode mode) {
        return new GatewayTrust(mode, dir.resolve("trust"));
    }

    @Test
    void enforceRefusesAnUnsignedJarNamingItAndCountsIt() {
        GatewayTrust trust = trust(TrustMode.ENFORCE);
        assertThatThrownBy(() -> trust.admit(plain, "deploy/acme-driver-1.2.jar", SHA, null))
                .isInstanceOf(FeatureException.class)
                .hasMessage("deploy/acme-driver-1.2.jar refused: it is not signed");
        assertThat(trust.refusalsByKind()).containsEntry(Refusal.UNSIGNED, 1L);
        assertThat(trust.recentRefusals()).singleElement().satisfies(r -> {
            assertThat(r.origin()).isEqualTo("deploy/acme-driver-1.2.jar");
            assertThat(r.installedAnyway()).isFalse();
        });
    }

    @Test
    void theSameRefusalAgainIsRefusedButLoggedAndCountedOnce() {
        GatewayTrust trust = trust(TrustMode.ENFORCE);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> trust.admit(plain, "again.jar", SHA, null)).hasMessageContaining("not signed");
        }
        assertThat(trust.refusalsByKind()).containsEntry(Refusal.UNSIGNED, 1L);
        assertThatThrownBy(() -> trust.admit(plain, "again.jar", "b".repeat(64), null)).hasMessageContaining("not signed");
        assertThat(trust.refusalsByKind()).containsEntry(Refusal.UNSIGNED, 2L);
    }

    @Test
    void enforceAdmitsATrustedSignedJar() {
        assertThatCode(() -> trust(TrustMode.ENFORCE).admit(signed, "signed.jar", SHA, null)).doesNotThrowAnyException();
    }

    @Test
    void warnAdmitsButRecordsIt() throws Exception {
        GatewayTrust trust = trust(TrustMode.WARN);
        trust.admit(plain, "plain.jar", SHA, null);
        assertThat(trust.recentRefusals()).singleElement().satisfies(r -> assertThat(r.installedAnyway()).isTrue());
    }

    @Test
    void offAdmitsUnsignedJarsButNeverAWrongPin() throws Exception {
        GatewayTrust trust = trust(TrustMode.OFF);
        trust.admit(plain, "plain.jar", SHA, null);
        assertThatThrownBy(() -> trust.admit(plain, "g:a:1", SHA, "b".repeat(64)))
                .hasMessageContaining("g:a:1 refused: its SHA-256 " + SHA + " differs from " + "b".repeat(64));
    }

    @Test
    void aPinnedJarNeedsNoSignatureOfItsOwn() {
        assertThatCode(() -> trust(TrustMode.ENFORCE).admit(plain, "g:a:1", SHA, SHA)).doesNotThrowAnyException();
    }

    @Test
    void aFeatureSignedByTheBuildKeyIsAdmitted() throws Exception {
        Path feature = signedFeature("good.json", "{\"id\": \"g:a:1\"}", build);
        assertThatCode(() -> trust(TrustMode.ENFORCE).admit(feature, Files.readAllBytes(feature)))
                .doesNotThrowAnyException();
    }

    @Test
    void aFeatureChangedAfterSigningIsRefused() throws Exception {
        Path feature = signedFeature("changed.json", "{\"id\": \"g:a:1\"}", build);
        byte[] changed = "{\"id\": \"g:a:2\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> trust(TrustMode.ENFORCE).admit(feature, changed))
                .hasMessageEndingWith("changed.json refused: its signature does not match its content (changed after "
                        + "signing, or signed with another key)");
    }

    @Test
    void aFeatureWithoutSignatureOrByAStrangerIsRefused() throws Exception {
        Path unsigned = Files.writeString(dir.resolve("unsigned.json"), "{}");
        assertThatThrownBy(() -> trust(TrustMode.ENFORCE).admit(unsigned, Files.readAllBytes(unsigned)))
                .hasMessageEndingWith("unsigned.json refused: it has no signature (unsigned.json.sig is missing)");
        Path foreign = signedFeature("foreign.json", "{}", stranger);
        assertThatThrownBy(() -> trust(TrustMode.ENFORCE).admit(foreign, Files.readAllBytes(foreign)))
                .hasMessageContaining("signer CN=Somebody,O=Test is not trusted");
    }

    @Test
    void aBrokenSignatureFileIsRefusedWithItsReason() throws Exception {
        Path feature = Files.writeString(dir.resolve("broken.json"), "{}");
        Files.writeString(dir.resolve("broken.json.sig"), "format=plantwire-feature-signature/1\nalgorithm=MD5withRSA\n");
        assertThatThrownBy(() -> trust(TrustMode.ENFORCE).admit(feature, Files.readAllBytes(feature)))
                .hasMessageContaining("signature algorithm 'MD5withRSA' is not one of");
    }

    @Test
    void controlCharactersInAnOriginCannotForgeLogLines() {
        assertThatThrownBy(() -> trust(TrustMode.ENFORCE).admit(plain, "evil.jar\nINFO installed ok", SHA, null))
                .hasMessageStartingWith("evil.jar\\nINFO installed ok refused");
    }

    private static Path signedFeature(String name, String json, TestSigner signer) throws Exception {
        Path file = Files.writeString(dir.resolve(name), json);
        Files.writeString(dir.resolve(name + FeatureSignature.SUFFIX),
                FeatureSignature.sign(Files.readAllBytes(file), signer.key, signer.chain));
        return file;
    }
}
