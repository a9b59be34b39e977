package io.plantwire.config.snapshots.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SiteDocumentTest {

    private static final String HEAD = "{\":configurator:resource-version\": 1, \":configurator:symbolic-name\": "
            + "\"io.plantwire.site\", \":configurator:version\": \"1.0.0\", ";

    @Test
    void everyValueTypeConfigAdminHoldsComesBackWithItsType() throws Exception {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("aString", "tcp://127.0.0.1:1883");
        props.put("anInteger", 502);
        props.put("aLong", 9_000_000_000L);
        props.put("aDouble", 0.25);
        props.put("aFloat", 1.5f);
        props.put("aBoolean", true);
        props.put("aShort", (short) 7);
        props.put("aCharacter", 'x');
        props.put("strings", new String[] {"voltage,holding-register,0,float32,ABCD,V", "b"});
        props.put("ints", new int[] {1, 2});
        props.put("integers", new Integer[] {3, 4});
        props.put("longs", new Long[] {5L, 6L});
        props.put("doubles", new Double[] {1.0, 2.5});
        props.put("emptyStrings", new String[0]);
        props.put("collection", new ArrayList<>(List.of("a", "b")));
        props.put("secret", "$[secret:mqtt-password]");
        SiteConfiguration site = SiteConfiguration.of(Map.of("io.plantwire.sink.mqtt~uns", props,
                "io.plantwire.pipeline", Map.of("holdCapacity", 100000)),
                List.of("io.plantwire:io.plantwire.feature.modbus:0.1.0-SNAPSHOT"), List.of("org.example.b 1.0.0"));

        StringWriter out = new StringWriter();
        SiteDocument.write(site, "2026-12-06T12:00:00Z", "before test", out);
        SiteDocument.Parsed back = SiteDocument.read(new ByteArrayInputStream(out.toString()
                .getBytes(StandardCharsets.UTF_8)), "doc.json", 1_000_000);

        assertThat(back.site().sameAs(site)).as(out.toString()).isTrue();
        assertThat(SiteDiff.between(site, back.site()).isEmpty()).isTrue();
        assertThat(back.taken()).isEqualTo("2026-12-06T12:00:00Z");
        assertThat(back.reason()).isEqualTo("before test");
        assertThat(out.toString()).contains("\"anInteger:Integer\": 502", "\"$[secret:mqtt-password]\"",
                "\":configurator:plantwire-features\"");
    }

    @Test
    void aDocumentWithoutOurPropertiesIsAPlainConfiguratorResource() throws Exception {
        SiteDocument.Parsed p = SiteDocument.parse(HEAD + "\"a.pid\": {\"port:Integer\": \"502\"}}", "doc");
        assertThat(p.site().configurations().get("a.pid").get("port")).isEqualTo(502);
        assertThat(p.site().features()).isEmpty();
    }

    @Test
    void bookkeepingPropertiesOfTheDocumentAreDropped() throws Exception {
        SiteDocument.Parsed p = SiteDocument.parse(HEAD + "\"a.pid\": {\"service.pid\": \"other\", "
                + "\"felix.fileinstall.filename\": \"file:/etc/passwd\", \"x\": 1}}", "doc");
        assertThat(p.site().configurations().get("a.pid")).containsOnlyKeys("x");
    }

    @Test
    void aLargerDocumentIsRefusedBeforeItIsParsed() {
        byte[] big = (HEAD + "\"a.pid\": {\"x\": \"" + "y".repeat(5000) + "\"}}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> SiteDocument.read(new ByteArrayInputStream(big), "big.json", 4096))
                .isInstanceOf(SiteDocumentException.class).hasMessageContaining("big.json: larger than 4096 bytes");
    }

    @Test
    void textThatIsNotUtf8IsRefused() {
        byte[] latin1 = (HEAD + "\"a.pid\": {\"x\": \"M\u00fcller\"}}").getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> SiteDocument.read(new ByteArrayInputStream(latin1), "latin1.json", 100_000))
                .isInstanceOf(SiteDocumentException.class).hasMessageContaining("latin1.json: not UTF-8");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "truncated JSON | " + "{\"a.pid\": {\"x\": 1 | not a JSON object",
        "an array, not an object | [1, 2] | not a JSON object",
        "no version | {\":configurator:symbolic-name\": \"s\", \"a.pid\": {}} | Missing version information",
        "wrong type for a typed key | HEAD\"a.pid\": {\"port:Integer\": \"five\"}} | "
                + "PID a.pid : Invalid value/type for configuration : port:Integer",
        "unknown type | HEAD\"a.pid\": {\"port:Integr\": 5}} | port:Integr",
        "number beyond the key's type | HEAD\"a.pid\": {\"port:Integer\": 3000000000}} | "
                + "is not a whole number in the range of Integer",
        "fraction for a whole number | HEAD\"a.pid\": {\"port:Integer\": 1.5}} | not a whole number",
        "number beyond 64 bits | HEAD\"a.pid\": {\"n\": 123456789012345678901234567890}} | out of range",
        "huge exponent | HEAD\"a.pid\": {\"port:Integer\": 1e999999999}} | not a whole number",
        "binary property | HEAD\"a.pid\": {\"key:binary\": \"/etc/shadow\"}} | binary not allowed",
        "per-configuration Configurator property | HEAD\"a.pid\": {\":configurator:ranking\": 5}} | "
                + "per-configuration Configurator properties",
        "top-level value that is not a configuration | HEAD\"a.pid\": 5} | Ignoring property (not a configuration)",
        "PID with a slash | HEAD\"../etc/x\": {}} | is not a configuration PID",
        "duplicate key differing in case | HEAD\"a.pid\": {\"Port\": 1, \"port\": 2}} | Duplicate property",
        "features not an array | HEAD\":configurator:plantwire-features\": \"modbus\"} | must be an array",
        "feature with a control character | HEAD\":configurator:plantwire-features\": [\"a\\u0007b\"]} | "
                + "expected an id"
    })
    void badDocumentsAreRefusedNamingWhatIsWrong(String row, String json, String message) {
        String text = json.replace("HEAD", HEAD);
        assertThatThrownBy(() -> SiteDocument.parse(text, "bad.json"))
                .as(row).isInstanceOf(SiteDocumentException.class).hasMessageContaining(message);
    }
}
