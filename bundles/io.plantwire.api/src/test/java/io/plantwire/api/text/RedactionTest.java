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
    void ordinaryTextIsLeftAlone() {
        String text = "tank-1 temperature 42.5 degC, batch=B-7, topic=acme/rotterdam";
        assertThat(Redaction.redact(text)).isEqualTo(text);
    }
}
