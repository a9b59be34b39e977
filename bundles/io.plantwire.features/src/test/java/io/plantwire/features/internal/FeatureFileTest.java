package io.plantwire.features.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FeatureFileTest {

    private static final String MODBUS = "{\n"
            + "  \"feature-resource-version\": \"1.0\",\n"
            + "  \"id\": \"io.plantwire:io.plantwire.feature.modbus:0.1.0-SNAPSHOT\",\n"
            + "  \"name\": \"Modbus\",\n"
            + "  \"description\": \"Modbus driver\",\n"
            + "  \"variables\": {\"meterHost\": \"127.0.0.1\"},\n"
            + "  \"bundles\": [\"com.ghgande:j2mod:3.3.0\", {\"id\": \"io.plantwire:io.plantwire.driver.modbus:0.1.0-SNAPSHOT\", \"start-order\": 5}],\n"
            + "  \"configurations\": {\n"
            + "    \"io.plantwire.driver.modbus.device~meter-1\": {\n"
            + "      \"deviceId\": \"meter-1\", \"host\": \"${meterHost}\", \"port:Integer\": 5020, \"unitId\": 1,\n"
            + "      \"points:String[]\": [\"voltage,holding-register,0,float32,ABCD,V\"], \"ratio\": 0.5,\n"
            + "      \"flags\": [true, false], \"ids:int[]\": [1, 2], \"tags:Collection<String>\": \"one\",\n"
            + "      \":configurator:policy\": \"force\"\n"
            + "    },\n"
            + "    \"io.plantwire.pipeline\": {}\n"
            + "  }\n"
            + "}\n";

    @Test
    void readsIdBundlesAndTypedConfigurations() {
        FeatureFile f = FeatureFile.parse(MODBUS, "modbus.json");
        assertThat(f.id().toString()).isEqualTo("io.plantwire:io.plantwire.feature.modbus:0.1.0-SNAPSHOT");
        assertThat(f.name()).isEqualTo("modbus");
        assertThat(f.title()).isEqualTo("Modbus");
        assertThat(f.bundles()).extracting(ArtifactCoordinates::toString)
                .containsExactly("com.ghgande:j2mod:3.3.0", "io.plantwire:io.plantwire.driver.modbus:0.1.0-SNAPSHOT");
        assertThat(f.configurations()).containsOnlyKeys("io.plantwire.driver.modbus.device~meter-1", "io.plantwire.pipeline");
        Map<String, Object> meter = f.configurations().get("io.plantwire.driver.modbus.device~meter-1");
        assertThat(meter.get("host")).isEqualTo("127.0.0.1");
        assertThat(meter.get("port")).isEqualTo(5020);
        assertThat(meter.get("unitId")).isEqualTo(1L);
        assertThat(meter.get("points")).isEqualTo(new String[] {"voltage,holding-register,0,float32,ABCD,V"});
        assertThat(meter.get("ratio")).isEqualTo(0.5);
        assertThat(meter.get("flags")).isEqualTo(new Boolean[] {true, false});
        assertThat(meter.get("ids")).isEqualTo(new int[] {1, 2});
        assertThat(meter.get("tags")).isEqualTo(List.of("one"));
        assertThat(meter).doesNotContainKey(":configurator:policy");
        assertThat(f.matches("modbus")).isTrue();
        assertThat(f.matches("io.plantwire:io.plantwire.feature.modbus")).isTrue();
        assertThat(f.matches("kafka-bridge")).isFalse();
    }

    @Test
    void rejectsBrokenFeaturesNamingTheFileAndPlace() {
        assertThatThrownBy(() -> FeatureFile.parse("{\"id\": \"a:b\"}", "x.json"))
                .hasMessageStartingWith("x.json: id:");
        assertThatThrownBy(() -> FeatureFile.parse("{\"id\": \"a:b:1\", \"bundles\": [\"c:d\"]}", "x.json"))
                .hasMessageContaining("bundles[0]");
        assertThatThrownBy(() -> FeatureFile.parse("{\"id\": \"a:b:1\", \"configurations\": {\"p\": {\"port:Integer\": \"x\"}}}", "x.json"))
                .hasMessageContaining("configuration p, property port").hasMessageContaining("'x' is not a Integer");
        assertThatThrownBy(() -> FeatureFile.parse("{\"id\": \"a:b:1\", \"configurations\": {\"p\": {\"h\": \"${nope}\"}}}", "x.json"))
                .hasMessageContaining("${nope}");
        assertThatThrownBy(() -> FeatureFile.parse("{\"id\": \"a:b:1\", \"feature-resource-version\": \"2.0\"}", "x.json"))
                .hasMessageContaining("2.0 is not supported");
        assertThatThrownBy(() -> FeatureFile.parse("{\"id\": \"a:b:1\",}", "x.json"))
                .hasMessageContaining("x.json: not valid JSON: line 1");
        assertThatThrownBy(() -> FeatureFile.parse("{\"id\": \"a:b:1\", \"configurations\": {\"p\": {\"m\": [1, \"x\"]}}}", "x.json"))
                .hasMessageContaining("mixing JSON types");
    }

    @Test
    void siteOverridesReplaceDeclaredVariablesOnly() {
        String json = "{\"id\": \"a:b:1\", \"variables\": {\"port\": 5020, \"url\": \"tcp://127.0.0.1:1883\"},"
                + " \"configurations\": {\"p\": {\"port:Integer\": \"${port}\", \"broker\": \"${url}\"}}}";
        assertThat(FeatureFile.parse(json, "x.json").configurations().get("p"))
                .containsEntry("port", 5020).containsEntry("broker", "tcp://127.0.0.1:1883");
        Map<String, Object> site = FeatureFile.parse(json, "x.json", Map.of("port", "1502", "undeclared", "x"))
                .configurations().get("p");
        assertThat(site).containsEntry("port", 1502).containsEntry("broker", "tcp://127.0.0.1:1883");
    }

    @Test
    void coordinatesMapToMavenLayout() {
        Path repo = Path.of("/gw/repository");
        assertThat(ArtifactCoordinates.parse("io.plantwire:io.plantwire.api:0.1.0-SNAPSHOT").repositoryPath(repo))
                .isEqualTo(Path.of("/gw/repository/io/plantwire/io.plantwire.api/0.1.0-SNAPSHOT/io.plantwire.api-0.1.0-SNAPSHOT.jar"));
        ArtifactCoordinates withClassifier = ArtifactCoordinates.parse("org.acme:thing:zip:linux:2.0");
        assertThat(withClassifier.repositoryPath(repo))
                .isEqualTo(Path.of("/gw/repository/org/acme/thing/2.0/thing-2.0-linux.zip"));
        assertThat(withClassifier.toString()).isEqualTo("org.acme:thing:zip:linux:2.0");
        assertThat(ArtifactCoordinates.looksLikeCoordinates("modbus")).isFalse();
        assertThat(ArtifactCoordinates.looksLikeCoordinates("a:b:1")).isTrue();
        assertThatThrownBy(() -> ArtifactCoordinates.parse("a::1")).hasMessageContaining("empty part");
    }
}
