package io.plantwire.sink.kafka.internal;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.plantwire.test.support.Configs;

/** TLS and SASL over TLS to a real broker, with a certificate made for the test (keytool). */
class KafkaTlsTest {

    @TempDir
    Path dir;

    private static void keytool(String... args) throws Exception {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        String[] cmd = new String[args.length + 1];
        cmd[0] = keytool;
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("keytool %s: %s", List.of(args), out).isZero();
    }

    private Path keystore;
    private Path truststore;

    /** A self-signed broker certificate for 127.0.0.1/localhost and a trust store holding it. */
    private void makeCertificates() throws Exception {
        keystore = dir.resolve("broker.p12");
        Path cert = dir.resolve("broker.crt");
        truststore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-keystore",
                keystore.toString(), "-storetype", "PKCS12", "-storepass", "broker-pw", "-keypass", "broker-pw");
        keytool("-exportcert", "-alias", "broker", "-keystore", keystore.toString(), "-storepass", "broker-pw",
                "-rfc", "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", cert.toString(), "-keystore",
                truststore.toString(), "-storetype", "PKCS12", "-storepass", "trust-pw");
    }

    /** Broker settings for a TLS client listener ({@code protocol} SSL or SASL_SSL). */
    private Map<String, String> tlsBroker(String protocol) {
        Map<String, String> broker = new HashMap<>();
        // The test kit only sets up PLAINTEXT and SASL_PLAINTEXT listeners itself; TLS is configured here.
        broker.put("listener.security.protocol.map", "EXTERNAL:" + protocol + ",CONTROLLER:PLAINTEXT");
        broker.put("listener.name.external.ssl.keystore.location", keystore.toString());
        broker.put("listener.name.external.ssl.keystore.type", "PKCS12");
        broker.put("listener.name.external.ssl.keystore.password", "broker-pw");
        broker.put("listener.name.external.ssl.key.password", "broker-pw");
        broker.put("ssl.truststore.location", truststore.toString());
        broker.put("ssl.truststore.type", "PKCS12");
        broker.put("ssl.truststore.password", "trust-pw");
        return broker;
    }

    @Test
    void mutualTlsNeedsTheGatewaysClientCertificate() throws Exception {
        makeCertificates();
        // The gateway's own key and certificate; the broker trusts it through the same trust store.
        Path clientKeystore = dir.resolve("gateway.p12");
        Path clientCert = dir.resolve("gateway.crt");
        keytool("-genkeypair", "-alias", "gateway", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=gateway-7", "-keystore", clientKeystore.toString(), "-storetype", "PKCS12",
                "-storepass", "gw-store-pw", "-keypass", "gw-store-pw");
        keytool("-exportcert", "-alias", "gateway", "-keystore", clientKeystore.toString(), "-storepass",
                "gw-store-pw", "-rfc", "-file", clientCert.toString());
        keytool("-importcert", "-noprompt", "-alias", "gateway", "-file", clientCert.toString(), "-keystore",
                truststore.toString(), "-storetype", "PKCS12", "-storepass", "trust-pw");
        Map<String, String> broker = tlsBroker("SSL");
        broker.put("listener.name.external.ssl.client.auth", "required");
        Map<String, Object> client = Map.of("security.protocol", "SSL", "ssl.truststore.location",
                truststore.toString(), "ssl.truststore.type", "PKCS12", "ssl.truststore.password", "trust-pw",
                "ssl.keystore.location", clientKeystore.toString(), "ssl.keystore.type", "PKCS12",
                "ssl.keystore.password", "gw-store-pw");
        try (TestKafka kafka = new TestKafka(SecurityProtocol.PLAINTEXT, broker, client)) {
            Map<String, Object> c = new HashMap<>();
            c.put("plantwire.stage.name", "mtls");
            c.put("bootstrap.servers", kafka.bootstrapServers());
            c.put("topic.template", "mtls.{asset}");
            c.put("store.directory", dir.resolve("store").toString());
            c.put("security.protocol", "SSL");
            c.put("ssl.truststore.location", truststore.toString());
            c.put(".ssl.truststore.password", "trust-pw");
            c.put("max.block.ms", 2000L);
            c.put("retry.backoff.max.ms", 1000L);

            KafkaSink anonymous = new KafkaSink(Configs.ofProperties(KafkaSinkConfig.class, c), (Path) null);
            try {
                for (long s = 0; s < 30; s++) {
                    anonymous.accept(Records.tankRecord(3, s));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> anonymous.forwarder().resends() >= 1);
                assertThat(anonymous.status().delivered()).isZero();
                assertThat(anonymous.status().backlog()).isEqualTo(30);
            } finally {
                anonymous.deactivate();
            }

            c.put("ssl.keystore.location", clientKeystore.toString());
            c.put(".ssl.keystore.password", "gw-store-pw");
            c.put(".ssl.key.password", "gw-store-pw");
            KafkaSink sink = new KafkaSink(Configs.ofProperties(KafkaSinkConfig.class, c), (Path) null);
            try {
                List<ConsumerRecord<byte[], byte[]>> got = kafka.readAll(List.of("mtls.tank-3"), 30,
                        Duration.ofSeconds(60));
                assertThat(got).extracting(Records::seq).isEqualTo(LongStream.range(0, 30).boxed().toList());
                await().atMost(Duration.ofSeconds(30)).until(() -> sink.status().backlog() == 0);
            } finally {
                sink.deactivate();
            }
        }
    }

    @Test
    void saslPlainAndScramOverTls() throws Exception {
        makeCertificates();
        Map<String, String> broker = tlsBroker("SASL_SSL");
        broker.put("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512");
        broker.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        // The broker's own client logs in as admin; the gateway as gw-plain (PLAIN) or gw-scram (SCRAM, below).
        broker.put("listener.name.external.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" "
                        + "password=\"admin-pw\" user_admin=\"admin-pw\" user_gw-plain=\"plain-pw\";");
        broker.put("listener.name.external.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        Map<String, Object> admin = new HashMap<>();
        admin.put("security.protocol", "SASL_SSL");
        admin.put("sasl.mechanism", "PLAIN");
        admin.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"admin\" password=\"admin-pw\";");
        admin.put("ssl.truststore.location", truststore.toString());
        admin.put("ssl.truststore.type", "PKCS12");
        admin.put("ssl.truststore.password", "trust-pw");
        try (TestKafka kafka = new TestKafka(SecurityProtocol.PLAINTEXT, broker, admin)) {
            Map<String, Object> adminProps = new HashMap<>(admin);
            adminProps.put("bootstrap.servers", kafka.bootstrapServers());
            try (org.apache.kafka.clients.admin.Admin a = org.apache.kafka.clients.admin.Admin.create(adminProps)) {
                a.alterUserScramCredentials(List.of(new org.apache.kafka.clients.admin.UserScramCredentialUpsertion(
                        "gw-scram", new org.apache.kafka.clients.admin.ScramCredentialInfo(
                                org.apache.kafka.clients.admin.ScramMechanism.SCRAM_SHA_512, 4096),
                        "scram-pw"))).all().get(30, TimeUnit.SECONDS);
            }
            int n = 0;
            for (String[] login : new String[][] { { "PLAIN", "gw-plain", "plain-pw" },
                    { "SCRAM-SHA-512", "gw-scram", "scram-pw" } }) {
                Map<String, Object> c = new HashMap<>();
                c.put("plantwire.stage.name", "sasl-" + n);
                c.put("bootstrap.servers", kafka.bootstrapServers());
                c.put("topic.template", "sasl-" + n + ".{asset}");
                c.put("store.directory", dir.resolve("store-" + n).toString());
                c.put("security.protocol", "SASL_SSL");
                c.put("sasl.mechanism", login[0]);
                c.put("sasl.username", login[1]);
                c.put(".sasl.password", login[2]);
                c.put("ssl.truststore.location", truststore.toString());
                c.put(".ssl.truststore.password", "trust-pw");
                KafkaSink sink = new KafkaSink(Configs.ofProperties(KafkaSinkConfig.class, c), (Path) null);
                try {
                    for (long s = 0; s < 50; s++) {
                        sink.accept(Records.tankRecord(1, s));
                    }
                    List<ConsumerRecord<byte[], byte[]>> got = kafka.readAll(List.of("sasl-" + n + ".tank-1"), 50,
                            Duration.ofSeconds(60));
                    assertThat(got).as(login[0]).extracting(Records::seq)
                            .isEqualTo(LongStream.range(0, 50).boxed().toList());
                    await().atMost(Duration.ofSeconds(30)).until(() -> sink.status().backlog() == 0);
                } finally {
                    sink.deactivate();
                }
                n++;
            }

            // A wrong password: retried, never dropped, and not in the error text.
            Map<String, Object> c = new HashMap<>();
            c.put("plantwire.stage.name", "sasl-wrong");
            c.put("bootstrap.servers", kafka.bootstrapServers());
            c.put("store.directory", dir.resolve("store-wrong").toString());
            c.put("security.protocol", "SASL_SSL");
            c.put("sasl.mechanism", "SCRAM-SHA-512");
            c.put("sasl.username", "gw-scram");
            c.put(".sasl.password", "not-the-password");
            c.put("ssl.truststore.location", truststore.toString());
            c.put(".ssl.truststore.password", "trust-pw");
            c.put("max.block.ms", 2000L);
            c.put("retry.backoff.max.ms", 1000L);
            KafkaSink refused = new KafkaSink(Configs.ofProperties(KafkaSinkConfig.class, c), (Path) null);
            try {
                for (long s = 0; s < 20; s++) {
                    refused.accept(Records.tankRecord(1, s));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> refused.forwarder().resends() >= 2);
                assertThat(refused.status().delivered()).isZero();
                assertThat(refused.status().dropped()).isZero();
                assertThat(refused.status().backlog()).isEqualTo(20);
                assertThat(refused.status().lastError()).containsIgnoringCase("authentication")
                        .doesNotContain("not-the-password");
            } finally {
                refused.deactivate();
            }
        }
    }

    @Test
    void sinkDeliversOverTlsTrustingTheBrokersCertificateAndRefusesWithoutIt() throws Exception {
        makeCertificates();
        Map<String, String> broker = tlsBroker("SSL");
        Map<String, Object> client = Map.of("security.protocol", "SSL", "ssl.truststore.location",
                truststore.toString(), "ssl.truststore.type", "PKCS12", "ssl.truststore.password", "trust-pw");
        try (TestKafka kafka = new TestKafka(SecurityProtocol.PLAINTEXT, broker, client)) {
            Map<String, Object> c = new HashMap<>();
            c.put("plantwire.stage.name", "tls");
            c.put("bootstrap.servers", kafka.bootstrapServers());
            c.put("topic.template", "tls.{asset}");
            c.put("store.directory", dir.resolve("store").toString());
            c.put("security.protocol", "SSL");
            c.put("max.block.ms", 2000L);
            c.put("retry.backoff.max.ms", 1000L);

            // Without the trust store the JVM's default CAs do not know the broker: nothing goes, nothing is lost.
            KafkaSink untrusting = new KafkaSink(Configs.ofProperties(KafkaSinkConfig.class, c), (Path) null);
            try {
                for (long s = 0; s < 100; s++) {
                    untrusting.accept(Records.tankRecord(2, s));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> untrusting.forwarder().resends() >= 1);
                assertThat(untrusting.status().delivered()).isZero();
                assertThat(untrusting.status().backlog()).isEqualTo(100);
            } finally {
                untrusting.deactivate();
            }

            c.put("ssl.truststore.location", truststore.toString());
            c.put(".ssl.truststore.password", "trust-pw");
            KafkaSink sink = new KafkaSink(Configs.ofProperties(KafkaSinkConfig.class, c), (Path) null);
            try {
                List<ConsumerRecord<byte[], byte[]>> got = kafka.readAll(List.of("tls.tank-2"), 100,
                        Duration.ofSeconds(60));
                assertThat(got).extracting(Records::seq).isEqualTo(LongStream.range(0, 100).boxed().toList());
                await().atMost(Duration.ofSeconds(30)).until(() -> sink.status().backlog() == 0);
                assertThat(sink.status().lastError()).doesNotContain("trust-pw");
            } finally {
                sink.deactivate();
            }
        }
    }
}
