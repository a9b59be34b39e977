package io.plantwire.sink.mqtt.internal;

import static io.plantwire.sink.mqtt.internal.MqttSinkTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.plantwire.test.support.Configs;
import io.plantwire.test.support.FreePort;
import io.plantwire.test.support.MosquittoBroker;

/**
 * TLS, mutual TLS, host name verification and password authentication against Mosquitto, with a CA and
 * certificates made by openssl for this test run.
 */
class MqttSinkSecurityTest {

    @TempDir
    static Path pki;

    @TempDir
    Path dir;

    private final List<AutoCloseable> closeLater = new ArrayList<>();

    @BeforeAll
    static void makeCertificates() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                "-subj", "/CN=Plantwire Test CA");
        signed("server", "/CN=localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1");
        signed("wrong-host", "/CN=broker.invalid", "subjectAltName=DNS:broker.invalid");
        signed("client", "/CN=gateway-1", "extendedKeyUsage=clientAuth");
        // a second CA the broker does not trust, for a client certificate it must refuse
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "rogue-ca.key", "-out", "rogue-ca.pem",
                "-days", "2", "-subj", "/CN=Rogue CA");
    }

    private static void signed(String name, String subject, String extension) throws Exception {
        Files.writeString(pki.resolve(name + ".ext"), extension + "\n");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj",
                subject);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".pem", "-days", "2", "-extfile", name + ".ext");
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(pki.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("openssl " + String.join(" ", args) + ": " + out).isZero();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeLater.size() - 1; i >= 0; i--) {
            closeLater.get(i).close();
        }
    }

    /** A broker with a plain listener (for the test subscriber) and a TLS listener for the sink. */
    private MosquittoBroker tlsBroker(String serverCert, boolean requireClientCert, String... more) throws Exception {
        int tlsPort = FreePort.loopback();
        List<String> lines = new ArrayList<>(List.of(more));
        lines.add("listener " + tlsPort + " 127.0.0.1");
        lines.add("cafile " + pki.resolve("ca.pem"));
        lines.add("certfile " + pki.resolve(serverCert + ".pem"));
        lines.add("keyfile " + pki.resolve(serverCert + ".key"));
        lines.add("require_certificate " + requireClientCert);
        Files.createDirectories(dir.resolve("broker"));
        MosquittoBroker b = new MosquittoBroker(dir.resolve("broker")).with(lines.toArray(new String[0])).start();
        closeLater.add(b);
        tlsPortOf = tlsPort;
        return b;
    }

    private int tlsPortOf;

    private MqttSink sink(Object... config) throws Exception {
        Object[] all = new Object[config.length + 2];
        all[0] = "store_directory";
        all[1] = dir.resolve("store-" + System.nanoTime()).toString();
        System.arraycopy(config, 0, all, 2, config.length);
        MqttSink s = new MqttSink(Configs.of(MqttSinkConfig.class, all), dir);
        closeLater.add(s::deactivate);
        return s;
    }

    private void assertDelivers(MosquittoBroker broker, MqttSink sink) throws Exception {
        TestSubscriber sub = new TestSubscriber(broker.tcpUrl(), "acme/#", 1);
        closeLater.add(sub);
        sink.accept(Records.tankRecord(1, 0));
        await("delivered over TLS", () -> sub.received.size() == 1);
        assertThat(sink.status().connected()).isTrue();
    }

    private static void assertRefused(MqttSink sink, String... anyOf) throws InterruptedException {
        await("a connection error", () -> !sink.status().lastError().isEmpty());
        assertThat(sink.status().connected()).isFalse();
        assertThat(sink.status().lastError()).containsAnyOf(anyOf);
    }

    @Test
    void tlsWithTheSiteCa() throws Exception {
        MosquittoBroker broker = tlsBroker("server", false);
        MqttSink sink = sink("broker_url", "ssl://127.0.0.1:" + tlsPortOf, "tls_ca_file",
                pki.resolve("ca.pem").toString());
        assertDelivers(broker, sink);
    }

    @Test
    void tlsWithoutTrustedCaIsRefused() throws Exception {
        tlsBroker("server", false);
        MqttSink sink = sink("broker_url", "ssl://127.0.0.1:" + tlsPortOf, "tls_ca_file",
                pki.resolve("rogue-ca.pem").toString());
        assertRefused(sink, "PKIX path building failed");
    }

    @Test
    void hostnameVerificationRefusesACertificateForAnotherHost() throws Exception {
        MosquittoBroker broker = tlsBroker("wrong-host", false);
        MqttSink verifying = sink("broker_url", "ssl://127.0.0.1:" + tlsPortOf, "tls_ca_file",
                pki.resolve("ca.pem").toString(), "plantwire_stage_name", "verifying");
        assertRefused(verifying, "No subject alternative names matching IP address 127.0.0.1");
        MqttSink lenient = sink("broker_url", "ssl://127.0.0.1:" + tlsPortOf, "tls_ca_file",
                pki.resolve("ca.pem").toString(), "tls_hostname_verification", false, "plantwire_stage_name",
                "lenient");
        assertDelivers(broker, lenient);
    }

    @Test
    void mutualTlsWithClientCertificate() throws Exception {
        MosquittoBroker broker = tlsBroker("server", true);
        MqttSink sink = sink("broker_url", "ssl://localhost:" + tlsPortOf, "tls_ca_file",
                pki.resolve("ca.pem").toString(), "tls_client_certificate_file", pki.resolve("client.pem").toString(),
                "tls_client_key_file", pki.resolve("client.key").toString());
        assertDelivers(broker, sink);
    }

    @Test
    void mutualTlsWithMqtt311() throws Exception {
        MosquittoBroker broker = tlsBroker("server", true);
        MqttSink sink = sink("mqtt_version", "3.1.1", "broker_url", "ssl://localhost:" + tlsPortOf, "tls_ca_file",
                pki.resolve("ca.pem").toString(), "tls_client_certificate_file", pki.resolve("client.pem").toString(),
                "tls_client_key_file", pki.resolve("client.key").toString());
        assertDelivers(broker, sink);
    }

    @Test
    void aKeyInAnotherFormatIsRefusedWithTheWayToConvertIt() throws Exception {
        openssl("pkey", "-in", "client.key", "-traditional", "-out", "client-pkcs1.key");
        assertThat(Files.readString(pki.resolve("client-pkcs1.key"))).contains("BEGIN RSA PRIVATE KEY");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sink("broker_url", "ssl://localhost:8883",
                "tls_ca_file", pki.resolve("ca.pem").toString(), "tls_client_certificate_file",
                pki.resolve("client.pem").toString(), "tls_client_key_file", pki.resolve("client-pkcs1.key").toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tls.client.key.file")
                .hasMessageContaining("RSA PRIVATE KEY").hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    }

    @Test
    void mutualTlsWithoutClientCertificateIsRefused() throws Exception {
        tlsBroker("server", true);
        MqttSink sink = sink("broker_url", "ssl://localhost:" + tlsPortOf, "tls_ca_file",
                pki.resolve("ca.pem").toString());
        // TLS 1.3 reports the missing certificate after the handshake, so the client may only see the connection go
        assertRefused(sink, "certificate_required", "bad_certificate", "Connection lost");
    }

    @Test
    void usernameAndPasswordAreCheckedAndThePasswordNeverShows() throws Exception {
        Path passwords = dir.resolve("passwd");
        Process p = new ProcessBuilder("mosquitto_passwd", "-b", "-c", passwords.toString(), "gateway-1",
                "s3cret-Pa55").redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        Files.createDirectories(dir.resolve("broker"));
        MosquittoBroker broker = new MosquittoBroker(dir.resolve("broker"))
                .with("password_file " + passwords).start();
        closeLater.add(broker);

        MqttSink wrong = sink("broker_url", broker.tcpUrl(), "username", "gateway-1", "_password", "wrong-Pa55",
                "plantwire_stage_name", "wrong");
        assertRefused(wrong, "Not authorized. [135]");
        assertThat(wrong.status().lastError()).doesNotContain("wrong-Pa55");
        assertThat(wrong.settings().toString()).doesNotContain("wrong-Pa55").contains("password set");

        MqttSink right = sink("broker_url", broker.tcpUrl(), "username", "gateway-1", "_password", "s3cret-Pa55",
                "plantwire_stage_name", "right");
        // the test subscriber needs credentials too
        TestSubscriber sub = new TestSubscriber(broker.tcpUrl(), "acme/#", 1, "sub-" + System.nanoTime(),
                "gateway-1", "s3cret-Pa55");
        closeLater.add(sub);
        right.accept(Records.tankRecord(1, 0));
        await("delivered with credentials", () -> sub.received.size() == 1);
        assertThat(right.status().toString()).doesNotContain("s3cret-Pa55");
    }

    @Test
    void credentialsInTheBrokerUrlNeverShowInStatusLogTextOrConfigurationErrors() throws Exception {
        // Nothing listens on this port: the connect fails and its message, with the URL, becomes the status.
        int closed = FreePort.loopback();
        MqttSink sink = sink("broker_url", "tcp://gw:Url-Pa55@127.0.0.1:" + closed, "plantwire_stage_name", "url");
        await("a connection error", () -> !sink.status().lastError().isEmpty());
        assertThat(sink.status().lastError()).contains("tcp://gw:***@127.0.0.1:" + closed)
                .doesNotContain("Url-Pa55");
        assertThat(sink.settings().toString()).contains("gw:***@").doesNotContain("Url-Pa55");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sink("broker_url", "http://gw:Url-Pa55@broker:1883"))
                .hasMessageContaining("'broker.url' has an invalid value 'http://gw:***@broker:1883'")
                .hasMessageNotContaining("Url-Pa55");
    }
}
