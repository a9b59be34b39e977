package io.plantwire.runtime.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plantwire.runtime.TestCertificates;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpListenersTest {

    private static final String PASSWORD = "tank-farm-keystore-1";

    @TempDir
    static Path keys;
    static Path keystore;
    static Path certPem;
    static Path keyPem;
    static Path otherKeyPem;

    @TempDir
    Path data;

    @BeforeAll
    static void makeKeys() throws Exception {
        keystore = TestCertificates.keystore(keys, "gateway", PASSWORD);
        List<Path> pem = TestCertificates.pem(keystore, PASSWORD, keys, "gateway");
        certPem = pem.get(0);
        keyPem = pem.get(1);
        Path other = TestCertificates.keystore(keys, "other", PASSWORD);
        otherKeyPem = TestCertificates.pem(other, PASSWORD, keys, "other").get(1);
    }

    private Properties system(String host) {
        Properties p = new Properties();
        p.setProperty("org.apache.felix.http.host", host);
        p.setProperty("org.osgi.service.http.port", "8080");
        return p;
    }

    private HttpListeners.Outcome configure(Properties system, Map<String, String> env) throws Exception {
        return HttpListeners.configure(system, env, data, new SecureRandom());
    }

    @Test
    void loopbackIsLoopbackAndEverythingElseIsNot() {
        for (String h : List.of("127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost")) {
            assertThat(HttpListeners.isLoopback(h)).as(h).isTrue();
        }
        for (String h : new String[] {"0.0.0.0", "::", "", " ", null, "192.0.2.10", "no-such-host.invalid"}) {
            assertThat(HttpListeners.isLoopback(h)).as(String.valueOf(h)).isFalse();
        }
    }

    @Test
    void loopbackPlainHttpStartsAsBefore() throws Exception {
        Properties p = system("127.0.0.1");
        HttpListeners.Outcome o = configure(p, Map.of());
        assertThat(o.listeners()).isEqualTo("HTTP on 127.0.0.1:8080");
        assertThat(o.warnings()).isEmpty();
        assertThat(p.getProperty("org.apache.felix.https.enable")).isNull();
        assertThat(p.getProperty("org.apache.felix.http.enable")).isNull();
    }

    @Test
    void plainHttpOnANonLoopbackAddressIsRefusedWithoutTheFlag() {
        for (String host : List.of("0.0.0.0", "192.0.2.10", "::")) {
            assertThatThrownBy(() -> configure(system(host), Map.of()))
                    .hasMessageStartingWith("plain HTTP on " + host + ", which is not a loopback address, is refused")
                    .hasMessageContaining("PLANTWIRE_HTTPS_KEYSTORE")
                    .hasMessageContaining("PLANTWIRE_HTTP_ALLOW_PLAINTEXT=true");
        }
        assertThatThrownBy(() -> configure(system("0.0.0.0"), Map.of("PLANTWIRE_HTTP_ALLOW_PLAINTEXT", "yes")))
                .hasMessage("PLANTWIRE_HTTP_ALLOW_PLAINTEXT 'yes' is neither true nor false");
        assertThatThrownBy(() -> configure(system("0.0.0.0"), Map.of("PLANTWIRE_HTTP_ALLOW_PLAINTEXT", "false")))
                .hasMessageStartingWith("plain HTTP on 0.0.0.0");
    }

    @Test
    void theFlagAllowsItAndSaysSoAtEveryStart() throws Exception {
        HttpListeners.Outcome o = configure(system("0.0.0.0"), Map.of("PLANTWIRE_HTTP_ALLOW_PLAINTEXT", "TRUE"));
        assertThat(o.listeners()).isEqualTo("HTTP on 0.0.0.0:8080");
        assertThat(o.warnings()).containsExactly("PLANTWIRE_HTTP_ALLOW_PLAINTEXT=true: plain HTTP is allowed on the "
                + "non-loopback address 0.0.0.0; console passwords sent over it can be read on the network");
    }

    @Test
    void aPkcs12KeystoreTurnsOnHttpsOnlyWithAOneTimeCopyOfTheKey() throws Exception {
        Properties p = system("0.0.0.0");
        Map<String, String> env = Map.of("PLANTWIRE_HTTPS_KEYSTORE", keystore.toString(),
                "PLANTWIRE_HTTPS_KEYSTORE_PASSWORD", PASSWORD, "PLANTWIRE_HTTPS_PORT", "9443");
        HttpListeners.Outcome o = configure(p, env);

        assertThat(o.listeners()).startsWith("HTTPS on 0.0.0.0:9443 (certificate ").contains("CN=localhost");
        assertThat(o.warnings()).isEmpty();
        assertThat(p.getProperty("org.apache.felix.https.enable")).isEqualTo("true");
        assertThat(p.getProperty("org.apache.felix.http.enable")).isEqualTo("false");
        assertThat(p.getProperty("org.osgi.service.http.port.secure")).isEqualTo("9443");
        assertThat(p.getProperty("org.apache.felix.https.keystore.type")).isEqualTo("PKCS12");
        String oneTime = p.getProperty("org.apache.felix.https.keystore.password");
        assertThat(oneTime).isNotEqualTo(PASSWORD).hasSizeGreaterThanOrEqualTo(32)
                .isEqualTo(p.getProperty("org.apache.felix.https.keystore.key.password"));
        assertThat(p.values()).doesNotContain(PASSWORD);

        Path copy = Path.of(p.getProperty("org.apache.felix.https.keystore"));
        assertThat(copy).isEqualTo(data.resolve("https/console-https.p12"));
        assertThat(Files.getPosixFilePermissions(copy)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(copy.getParent()))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(certificateIn(copy, oneTime)).isEqualTo(certificateIn(keystore, PASSWORD));
        try (var files = Files.list(copy.getParent())) {
            assertThat(files).as("no temporary file left").containsExactly(copy);
        }

        // A second start makes another password and replaces the copy.
        Properties again = system("0.0.0.0");
        configure(again, env);
        assertThat(again.getProperty("org.apache.felix.https.keystore.password")).isNotEqualTo(oneTime);
    }

    @Test
    void pemCertificateAndKeyWorkTheSameWay() throws Exception {
        Properties p = system("127.0.0.1");
        HttpListeners.Outcome o = configure(p, Map.of("PLANTWIRE_HTTPS_CERT", certPem.toString(),
                "PLANTWIRE_HTTPS_KEY", keyPem.toString()));
        assertThat(o.listeners()).startsWith("HTTPS on 127.0.0.1:8443");
        assertThat(certificateIn(Path.of(p.getProperty("org.apache.felix.https.keystore")),
                p.getProperty("org.apache.felix.https.keystore.password")))
                .isEqualTo(certificateIn(keystore, PASSWORD));
    }

    @Test
    void withTheFlagPlainHttpStaysOnBesideHttps() throws Exception {
        Properties p = system("127.0.0.1");
        HttpListeners.Outcome o = configure(p, Map.of("PLANTWIRE_HTTPS_CERT", certPem.toString(),
                "PLANTWIRE_HTTPS_KEY", keyPem.toString(), "PLANTWIRE_HTTP_ALLOW_PLAINTEXT", "true"));
        assertThat(o.listeners()).startsWith("HTTP on 127.0.0.1:8080, HTTPS on 127.0.0.1:8443");
        assertThat(p.getProperty("org.apache.felix.http.enable")).isNull();
        assertThat(o.warnings()).hasSize(1);
    }

    @Test
    void anExplicitPropertyWins() throws Exception {
        Properties p = system("127.0.0.1");
        p.setProperty("org.osgi.service.http.port.secure", "10443");
        p.setProperty("org.apache.felix.http.enable", "true");
        configure(p, Map.of("PLANTWIRE_HTTPS_KEYSTORE", keystore.toString(), "PLANTWIRE_HTTPS_KEYSTORE_PASSWORD",
                PASSWORD, "PLANTWIRE_HTTPS_PORT", "not-checked-when-overridden"));
        assertThat(p.getProperty("org.osgi.service.http.port.secure")).isEqualTo("10443");
        assertThat(p.getProperty("org.apache.felix.http.enable")).isEqualTo("true");
        // ... and the plaintext rule looks at the result
        Properties wide = system("0.0.0.0");
        wide.setProperty("org.apache.felix.http.enable", "true");
        assertThatThrownBy(() -> configure(wide, Map.of("PLANTWIRE_HTTPS_KEYSTORE", keystore.toString(),
                "PLANTWIRE_HTTPS_KEYSTORE_PASSWORD", PASSWORD))).hasMessageStartingWith("plain HTTP on 0.0.0.0");
    }

    @Test
    void badKeyMaterialIsRefusedWithAMessageNamingTheSetting() throws Exception {
        Path pkcs1 = Files.writeString(data.resolve("rsa.pem"), TestCertificates.pemBlock("RSA PRIVATE KEY",
                new byte[] {1, 2, 3}));
        Path garbage = Files.writeString(data.resolve("garbage.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n"
                + "-----END PRIVATE KEY-----\n");
        Path notPem = Files.writeString(data.resolve("not.pem"), "hello");
        Map<Map<String, String>, String> cases = new java.util.LinkedHashMap<>();
        cases.put(Map.of("PLANTWIRE_HTTPS_KEYSTORE", keystore.toString(), "PLANTWIRE_HTTPS_KEYSTORE_PASSWORD",
                "wrong"), "PLANTWIRE_HTTPS_KEYSTORE '" + keystore + "' cannot be opened with the given password");
        cases.put(Map.of("PLANTWIRE_HTTPS_KEYSTORE", keystore.toString()),
                "PLANTWIRE_HTTPS_KEYSTORE '" + keystore + "' cannot be opened with the given password");
        cases.put(Map.of("PLANTWIRE_HTTPS_KEYSTORE", data.resolve("missing.p12").toString()),
                "PLANTWIRE_HTTPS_KEYSTORE '" + data.resolve("missing.p12") + "' does not exist");
        cases.put(Map.of("PLANTWIRE_HTTPS_KEYSTORE", certPem.toString(), "PLANTWIRE_HTTPS_KEYSTORE_PASSWORD",
                PASSWORD), "PLANTWIRE_HTTPS_KEYSTORE '" + certPem + "' cannot be opened");
        cases.put(Map.of("PLANTWIRE_HTTPS_CERT", certPem.toString()),
                "PLANTWIRE_HTTPS_CERT is set but PLANTWIRE_HTTPS_KEY is not");
        cases.put(Map.of("PLANTWIRE_HTTPS_KEY", keyPem.toString()),
                "PLANTWIRE_HTTPS_KEY is set but PLANTWIRE_HTTPS_CERT is not");
        cases.put(Map.of("PLANTWIRE_HTTPS_KEYSTORE", keystore.toString(), "PLANTWIRE_HTTPS_CERT", certPem.toString(),
                "PLANTWIRE_HTTPS_KEY", keyPem.toString()),
                "set either PLANTWIRE_HTTPS_KEYSTORE or PLANTWIRE_HTTPS_CERT and PLANTWIRE_HTTPS_KEY, not both");
        cases.put(Map.of("PLANTWIRE_HTTPS_CERT", certPem.toString(), "PLANTWIRE_HTTPS_KEY", otherKeyPem.toString()),
                "PLANTWIRE_HTTPS_KEY '" + otherKeyPem + "': the private key does not belong to the certificate "
                        + "CN=localhost,O=Plantwire test");
        cases.put(Map.of("PLANTWIRE_HTTPS_CERT", certPem.toString(), "PLANTWIRE_HTTPS_KEY", pkcs1.toString()),
                "PLANTWIRE_HTTPS_KEY '" + pkcs1 + "' holds a 'RSA PRIVATE KEY' block; an unencrypted PKCS#8 key "
                        + "('PRIVATE KEY') is needed: openssl pkcs8 -topk8 -nocrypt -in rsa.pem -out key-pkcs8.pem");
        cases.put(Map.of("PLANTWIRE_HTTPS_CERT", certPem.toString(), "PLANTWIRE_HTTPS_KEY", garbage.toString()),
                "PLANTWIRE_HTTPS_KEY '" + garbage + "' is not a EC key like the certificate's");
        cases.put(Map.of("PLANTWIRE_HTTPS_CERT", certPem.toString(), "PLANTWIRE_HTTPS_KEY", notPem.toString()),
                "PLANTWIRE_HTTPS_KEY '" + notPem + "' holds no PEM block");
        cases.put(Map.of("PLANTWIRE_HTTPS_CERT", keyPem.toString(), "PLANTWIRE_HTTPS_KEY", keyPem.toString()),
                "PLANTWIRE_HTTPS_CERT '" + keyPem + "' holds no");
        cases.put(Map.of("PLANTWIRE_HTTPS_CERT", certPem.toString(), "PLANTWIRE_HTTPS_KEY", keyPem.toString(),
                "PLANTWIRE_HTTPS_PORT", "70000"), "PLANTWIRE_HTTPS_PORT '70000' is not a TCP port (1..65535)");
        for (Map.Entry<Map<String, String>, String> c : cases.entrySet()) {
            Properties p = system("127.0.0.1");
            Map<String, String> before = new HashMap<>();
            p.forEach((k, v) -> before.put((String) k, (String) v));
            assertThatThrownBy(() -> configure(p, c.getKey())).as(c.getKey().toString())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(c.getValue());
            assertThat(p).as("nothing set for " + c.getKey()).isEqualTo(before);
        }
        assertThat(data.resolve("https")).doesNotExist();
    }

    private static X509Certificate certificateIn(Path file, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return (X509Certificate) store.getCertificate(store.aliases().nextElement());
    }
}
