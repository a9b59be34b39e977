package io.plantwire.api.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void jdbcUrlPasswordsAreMasked() {
        assertThat(Redaction.redact("jdbc:postgresql://mes:5432/mes?user=gw&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://mes:5432/mes?user=gw&password=***&ssl=true");
        assertThat(Redaction.redact("jdbc:sqlserver://mes;databaseName=mes;password=s3cret;encrypt=true"))
                .isEqualTo("jdbc:sqlserver://mes;databaseName=mes;password=***;encrypt=true");
    }

    @Test
    void userInfoOfUrlsIsMasked() {
        assertThat(Redaction.redact("cannot connect to ssl://gw:hunter2@broker:8883: refused"))
                .isEqualTo("cannot connect to ssl://gw:***@broker:8883: refused");
        assertThat(Redaction.redact("http://mes.local/api?asset=t1")).isEqualTo("http://mes.local/api?asset=t1");
    }

    @Test
    void tokensInQueryStringsAndPropertiesAreMasked() {
        assertThat(Redaction.redact("GET https://mes/api/batch?asset=tank-1&access_token=abc.def.ghi failed"))
                .isEqualTo("GET https://mes/api/batch?asset=tank-1&access_token=*** failed");
        assertThat(Redaction.redact("ssl.keystore.password=changeit, sasl.password = pw, bootstrap.servers=k:9092"))
                .isEqualTo("ssl.keystore.password=***, sasl.password = ***, bootstrap.servers=k:9092");
    }

    @Test
    void jaasLinesAndAuthorizationHeadersAreMasked() {
        assertThat(Redaction.redact("PlainLoginModule required username=\"gw\" password=\"p\\\"w\";"))
                .isEqualTo("PlainLoginModule required username=\"gw\" password=\"***\";");
        assertThat(Redaction.redact("Authorization: Bearer eyJhbGciOi")).isEqualTo("Authorization: Bearer ***");
    }

    @Test
    void knownSecretsAreMaskedWherever_theyAppear() {
        assertThat(Redaction.redact("login failed for s3cretpw at host", "s3cretpw", "", null, "ab"))
                .isEqualTo("login failed for *** at host");
        assertThat(Redaction.redact(null)).isNull();
        assertThat(Redaction.redact("")).isEmpty();
    }

    @Test
    void aTokenAsTheUserPartOfAUrlIsMasked() {
        assertThat(Redaction.redact("GET https://ghp_abc123@mes.local/api/batch failed"))
                .isEqualTo("GET https://***@mes.local/api/batch failed");
        assertThat(Redaction.redact("mqtt://gw:pw@broker:1883 and https://tok@mes"))
                .isEqualTo("mqtt://gw:***@broker:1883 and https://***@mes");
    }

    @Test
    void jsonMembersNamingASecretAreMasked() {
        assertThat(Redaction.redact("MES answered {\"error\":\"bad\",\"access_token\": \"eyJ.x\", \"pin\": 7}"))
                .isEqualTo("MES answered {\"error\":\"bad\",\"access_token\": \"***\", \"pin\": 7}");
        assertThat(Redaction.redact("{\"password\":12345}")).isEqualTo("{\"password\":***}");
    }

    @Test
    void pemPrivateKeyBlocksAreMasked() {
        String pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkq\nhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";
        assertThat(Redaction.redact("cannot use key " + pem + " here"))
                .isEqualTo("cannot use key -----BEGIN PRIVATE KEY-----***-----END PRIVATE KEY----- here");
        assertThat(Redaction.redact("ssl.keystore.key=-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHzBJ"))
                .isEqualTo("ssl.keystore.key=-----BEGIN ENCRYPTED PRIVATE KEY-----***")
                .doesNotContain("MIIF");
    }

    @Test
    void producerPropertiesLinesWithAPassphraseAreMasked() {
        assertThat(Redaction.redact("producer.properties entry 'ssl.keystore.passphrase: hunter2' is not key=value"))
                .isEqualTo("producer.properties entry 'ssl.keystore.passphrase: ***' is not key=value");
    }

    @Test
    void secretNamesAreTheKeysRedactMasks() {
        assertThat(Redaction.isSecretName("password")).isTrue();
        assertThat(Redaction.isSecretName(".sasl.password")).isTrue();
        assertThat(Redaction.isSecretName("ssl.keystore.password")).isTrue();
        assertThat(Redaction.isSecretName("authToken")).isTrue();
        assertThat(Redaction.isSecretName("X-Api-Key")).isTrue();
        assertThat(Redaction.isSecretName("tls.client.private_key")).isTrue();
        assertThat(Redaction.isSecretName("password.hash")).isFalse();
        assertThat(Redaction.isSecretName("tokenTtl")).isFalse();
        assertThat(Redaction.isSecretName("broker.url")).isFalse();
        assertThat(Redaction.isSecretName("")).isFalse();
        assertThat(Redaction.isSecretName(null)).isFalse();
    }

    @Test
    void ordinaryTextIsLeftAlone() {
        String text = "tank-1 temperature 42.5 degC, batch=B-7, topic=acme/rotterdam";
        assertThat(Redaction.redact(text)).isEqualTo(text);
    }
}
