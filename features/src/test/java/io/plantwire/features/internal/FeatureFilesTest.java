package io.plantwire.features.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Checks the feature files in features/ against the bundles they name, read with the same parser the gateway's
 * installer uses. Jars come from the local Maven repository (every bundle is a test dependency of this module, so the
 * reactor builds or downloads it first).
 */
class FeatureFilesTest {

    /** Bundles of the base runtime (runtime/gateway.bndrun) that the features are installed on. */
    private static final Set<String> BASE_RUNTIME = Set.of("io.plantwire.api", "io.plantwire.pipeline", "io.plantwire.driver.support",
            "org.apache.felix.scr", "org.apache.felix.configadmin", "org.osgi.service.component",
            "org.osgi.util.promise", "org.osgi.util.function", "org.osgi.service.log", "slf4j.api");

    private static Path workspace;
    private static Path localRepository;
    private static String version;
    private static final Map<String, FeatureFile> FEATURES = new TreeMap<>();

    @BeforeAll
    static void readFeatures() throws IOException {
        workspace = Path.of(System.getProperty("plantwire.workspace", "..")).toAbsolutePath().normalize();
        localRepository = Path.of(System.getProperty("plantwire.localRepository",
                System.getProperty("user.home") + "/.m2/repository"));
        version = System.getProperty("plantwire.version", "0.1.0-SNAPSHOT");
        try (DirectoryStream<Path> files = Files.newDirectoryStream(workspace.resolve("features"), "*.json")) {
            for (Path file : files) {
                String name = file.getFileName().toString().replaceFirst("\\.json$", "");
                FEATURES.put(name, FeatureFile.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
            }
        }
    }

    static Stream<String> featureNames() throws IOException {
        readFeatures();
        return FEATURES.keySet().stream();
    }

    @Test
    void theFiveFeaturesAreThereAndNamedAfterTheirIds() {
        assertThat(FEATURES).containsOnlyKeys("modbus", "transform", "uns-mqtt", "kafka-bridge", "chemical-tanks-demo");
        FEATURES.forEach((file, f) -> {
            assertThat(f.id().toString()).as(file).isEqualTo("io.plantwire:io.plantwire.feature." + file + ":" + version);
            assertThat(f.name()).isEqualTo(file);
            assertThat(f.title()).as(file + " name").isNotBlank();
            assertThat(f.description()).as(file + " description").isNotBlank();
            assertThat(f.bundles()).as(file + " bundles").isNotEmpty().doesNotHaveDuplicates();
        });
    }

    @Test
    void everyBundleIsAModuleOfThisRepositoryOrAVersionedDependencyAndAnOsgiBundle() throws IOException {
        List<String> problems = new ArrayList<>();
        for (FeatureFile f : FEATURES.values()) {
            for (ArtifactCoordinates b : f.bundles()) {
                if (b.groupId().equals("io.plantwire")) {
                    Path pom = workspace.resolve("bundles").resolve(b.artifactId()).resolve("pom.xml");
                    if (!Files.isRegularFile(pom)
                            || !Files.readString(pom).contains("<artifactId>" + b.artifactId() + "</artifactId>")) {
                        problems.add(f.name() + ": " + b + " is not a module under bundles/");
                    }
                    if (!b.version().equals(version)) {
                        problems.add(f.name() + ": " + b + " should have the project version " + version);
                    }
                } else if (b.version().isBlank() || b.version().contains("SNAPSHOT") || b.version().matches(".*[\\[\\](),].*")) {
                    problems.add(f.name() + ": " + b + " needs a fixed release version");
                }
                Path jar = b.repositoryPath(localRepository);
                if (!Files.isRegularFile(jar)) {
                    problems.add(f.name() + ": " + b + " has no jar in the local repository (" + jar
                            + "); is it a test dependency of features/pom.xml and built?");
                    continue;
                }
                try {
                    LocalRepository.read(jar);
                } catch (IOException e) {
                    problems.add(f.name() + ": " + e.getMessage());
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyConfigurationBelongsToAComponentOfTheFeatureAndMatchesItsMetatype() throws Exception {
        List<String> problems = new ArrayList<>();
        for (FeatureFile f : FEATURES.values()) {
            Map<String, ComponentPid> pids = new HashMap<>();
            List<Path> jars = new ArrayList<>();
            for (ArtifactCoordinates b : f.bundles()) {
                jars.add(b.repositoryPath(localRepository));
            }
            // The pipeline's PID is configured by features too; it is in the base runtime.
            jars.add(ArtifactCoordinates.parse("io.plantwire:io.plantwire.pipeline:" + version).repositoryPath(localRepository));
            for (Path jar : jars) {
                if (Files.isRegularFile(jar)) {
                    pids.putAll(componentPids(jar));
                }
            }
            for (Map.Entry<String, Map<String, Object>> c : f.configurations().entrySet()) {
                String where = f.name() + ": configuration " + c.getKey();
                int tilde = c.getKey().indexOf('~');
                String pid = tilde > 0 ? c.getKey().substring(0, tilde) : c.getKey();
                ComponentPid component = pids.get(pid);
                if (component == null) {
                    problems.add(where + ": no component of the feature's bundles has configuration PID " + pid);
                    continue;
                }
                if (component.ocd == null) {
                    continue; // no metatype to check against
                }
                if (component.factory != (tilde > 0)) {
                    problems.add(where + ": " + pid + (component.factory ? " is a factory PID, use " + pid + "~name"
                            : " is not a factory PID, drop the ~name"));
                }
                for (Map.Entry<String, Object> property : c.getValue().entrySet()) {
                    Attribute ad = component.ocd.get(property.getKey());
                    if (ad == null) {
                        problems.add(where + ": attribute '" + property.getKey() + "' is not in the metatype of " + pid
                                + " (known: " + String.join(", ", component.ocd.keySet()) + ")");
                        continue;
                    }
                    String problem = ad.check(property.getValue());
                    if (problem != null) {
                        problems.add(where + ": attribute '" + property.getKey() + "': " + problem);
                    }
                }
                component.ocd.forEach((id, ad) -> {
                    if (ad.required && !ad.hasDefault && !c.getValue().containsKey(id)) {
                        problems.add(where + ": required attribute '" + id + "' has no default and is not set");
                    }
                });
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("featureNames")
    void featureResolvesInFelixOnTheBaseRuntime(String name, @TempDir Path storage) throws Exception {
        FeatureFile feature = FEATURES.get(name);
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // The runtime provides these with SPI Fly and slf4j-simple; a resolve check only needs the capabilities.
        config.put(Constants.FRAMEWORK_SYSTEMCAPABILITIES_EXTRA,
                "osgi.extender;osgi.extender=osgi.serviceloader.processor;version:Version=1.0,"
                        + "osgi.extender;osgi.extender=osgi.serviceloader.registrar;version:Version=1.0,"
                        + "osgi.serviceloader;osgi.serviceloader=org.slf4j.spi.SLF4JServiceProvider");
        Framework framework = new FrameworkFactory().newFramework(config);
        framework.start(); // active, so a start attempt reports the resolver's reason rather than the start level
        try {
            List<Bundle> bundles = new ArrayList<>();
            Set<String> base = new java.util.HashSet<>();
            for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                Path jar = Path.of(entry);
                if (!entry.endsWith(".jar") || !Files.isRegularFile(jar)) {
                    continue;
                }
                try {
                    String bsn = LocalRepository.read(jar).symbolicName();
                    if (BASE_RUNTIME.contains(bsn) && base.add(bsn)) {
                        bundles.add(install(framework, jar));
                    }
                } catch (IOException notABundle) {
                    // test tools on the class path
                }
            }
            assertThat(base).as("base runtime bundles on the test class path").isEqualTo(BASE_RUNTIME);
            for (ArtifactCoordinates b : feature.bundles()) {
                Path jar = b.repositoryPath(localRepository);
                assertThat(jar).as(b + " in the local repository").isRegularFile();
                String bsn = LocalRepository.read(jar).symbolicName();
                if (!base.contains(bsn)) {
                    bundles.add(install(framework, jar));
                }
            }
            FrameworkWiring wiring = framework.adapt(FrameworkWiring.class);
            List<String> unresolved = new ArrayList<>();
            if (!wiring.resolveBundles(bundles)) {
                for (Bundle b : bundles) {
                    if (b.getState() != Bundle.INSTALLED) {
                        continue;
                    }
                    BundleRevision revision = b.adapt(BundleRevision.class);
                    if ((revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0) {
                        unresolved.add("fragment " + b.getSymbolicName());
                        continue;
                    }
                    try {
                        b.start(Bundle.START_TRANSIENT);
                        b.stop();
                    } catch (BundleException e) {
                        unresolved.add(e.getMessage());
                    }
                }
            }
            assertThat(unresolved).as(name + ": bundles that do not resolve").isEmpty();
        } finally {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    @Test
    void theDemoIsTheReferenceScenario() {
        FeatureFile demo = FEATURES.get("chemical-tanks-demo");
        Map<String, Map<String, Object>> c = demo.configurations();
        for (int unit = 1; unit <= 4; unit++) {
            String device = unit == 4 ? "temperature-reader" : "meter-" + unit;
            assertThat(c.get("io.plantwire.simulator.modbus.device~" + device)).as(device).containsEntry("unitId", unit)
                    .containsEntry("profile", unit == 4 ? "temperature-reader" : "power-meter");
            assertThat(c.get("io.plantwire.driver.modbus.device~" + device)).containsEntry("deviceId", device)
                    .containsEntry("unitId", unit)
                    .containsEntry("port", c.get("io.plantwire.simulator.modbus.device~" + device).get("port"));
        }
        for (int n = 1; n <= 3; n++) {
            Map<String, Object> tank = c.get("io.plantwire.mapper.asset~tank-" + n);
            assertThat(String.join("/", (String) tank.get("enterprise"), (String) tank.get("site"),
                    (String) tank.get("area"), (String) tank.get("line"), (String) tank.get("cell"), (String) tank.get("asset")))
                    .isEqualTo("acme/rotterdam/tankfarm/line-1/cell-a/tank-" + n);
            assertThat((String[]) tank.get("fields")).contains("power=meter-" + n + "/activePower|W",
                    "temperature=temperature-reader/tank" + n + "Temperature|Cel");
        }
        assertThat(c).containsKeys("io.plantwire.normalizer.rules~tanks", "io.plantwire.context.static~tank-1",
                "io.plantwire.context.sql~mes", "io.plantwire.sink.mqtt~uns", "io.plantwire.sink.kafka~analytics");
        // Everything the four single-purpose features bring, the demo brings too: it can be installed alone. But not
        // the Kafka codecs (10 MB): its Kafka sink sends uncompressed, and the wrapper imports them dynamically
        // (docs/decisions/kafka-codecs-on-demand.md).
        List<ArtifactCoordinates> codecs = FEATURES.get("kafka-bridge").bundles().stream()
                .filter(b -> List.of("snappy-java", "zstd-jni", "lz4-java").contains(b.artifactId())).toList();
        assertThat(codecs).hasSize(3);
        assertThat(c.get("io.plantwire.sink.kafka~analytics")).containsEntry("compression.type", "none");
        for (String part : List.of("modbus", "transform", "uns-mqtt", "kafka-bridge")) {
            List<ArtifactCoordinates> wanted = FEATURES.get(part).bundles().stream()
                    .filter(b -> !codecs.contains(b)).toList();
            assertThat(demo.bundles()).as("demo includes " + part).containsAll(wanted).doesNotContainAnyElementsOf(codecs);
        }
    }

    private static Bundle install(Framework framework, Path jar) throws IOException, BundleException {
        try (InputStream in = Files.newInputStream(jar)) {
            return framework.getBundleContext().installBundle(jar.toUri().toString(), in);
        }
    }

    // ------------------------------------------------------------------ DS and metatype of a jar

    /** What a configuration PID maps to in a jar: a DS component, and its metatype when the jar has one. */
    static final class ComponentPid {
        boolean factory;
        Map<String, Attribute> ocd;
    }

    /** One metatype attribute definition. */
    record Attribute(String type, int cardinality, boolean required, boolean hasDefault, List<String> options) {

        /** Null when the value fits, else what is wrong with it. */
        String check(Object value) {
            List<Object> values = new ArrayList<>();
            if (value.getClass().isArray()) {
                for (int i = 0; i < Array.getLength(value); i++) {
                    values.add(Array.get(value, i));
                }
                if (cardinality == 0 && values.size() != 1) {
                    return "is a single " + type + ", not a list";
                }
            } else if (value instanceof Collection<?> c) {
                values.addAll(c);
                if (cardinality == 0 && values.size() != 1) {
                    return "is a single " + type + ", not a list";
                }
            } else {
                values.add(value);
            }
            for (Object v : values) {
                String text = String.valueOf(v);
                switch (type) {
                    case "Integer", "Long", "Short", "Byte" -> {
                        if (!(v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) && !text.matches("-?\\d+")) {
                            return "'" + text + "' is not a whole number (" + type + ")";
                        }
                    }
                    case "Double", "Float" -> {
                        if (!(v instanceof Number) && !text.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?")) {
                            return "'" + text + "' is not a number (" + type + ")";
                        }
                    }
                    case "Boolean" -> {
                        if (!(v instanceof Boolean) && !text.equals("true") && !text.equals("false")) {
                            return "'" + text + "' is not true or false";
                        }
                    }
                    default -> {
                        // String, Password, Character: any text
                    }
                }
                if (!options.isEmpty() && !options.contains(text)) {
                    return "'" + text + "' is not one of " + options;
                }
            }
            return null;
        }
    }

    /** Configuration PIDs of the jar's DS components, with the metatype designated for each. */
    static Map<String, ComponentPid> componentPids(Path jar) throws Exception {
        Map<String, ComponentPid> pids = new LinkedHashMap<>();
        Map<String, Map<String, Attribute>> ocds = new HashMap<>();
        Map<String, String> designates = new HashMap<>();
        Map<String, Boolean> factories = new HashMap<>();
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        DocumentBuilder builder = factory.newDocumentBuilder();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements();) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!name.startsWith("OSGI-INF/") || !name.endsWith(".xml")) {
                    continue;
                }
                Document document;
                try (InputStream in = file.getInputStream(entry)) {
                    document = builder.parse(in);
                }
                if (name.startsWith("OSGI-INF/metatype/")) {
                    NodeList ocdNodes = document.getElementsByTagNameNS("*", "OCD");
                    for (int i = 0; i < ocdNodes.getLength(); i++) {
                        Element ocd = (Element) ocdNodes.item(i);
                        Map<String, Attribute> attributes = new LinkedHashMap<>();
                        NodeList ads = ocd.getElementsByTagNameNS("*", "AD");
                        for (int j = 0; j < ads.getLength(); j++) {
                            Element ad = (Element) ads.item(j);
                            List<String> options = new ArrayList<>();
                            NodeList optionNodes = ad.getElementsByTagNameNS("*", "Option");
                            for (int k = 0; k < optionNodes.getLength(); k++) {
                                options.add(((Element) optionNodes.item(k)).getAttribute("value"));
                            }
                            String cardinality = ad.getAttribute("cardinality");
                            attributes.put(ad.getAttribute("id"), new Attribute(ad.getAttribute("type"),
                                    cardinality.isEmpty() ? 0 : Integer.parseInt(cardinality),
                                    !"false".equals(ad.getAttribute("required")), ad.hasAttribute("default"), options));
                        }
                        ocds.put(ocd.getAttribute("id"), attributes);
                    }
                    NodeList designateNodes = document.getElementsByTagNameNS("*", "Designate");
                    for (int i = 0; i < designateNodes.getLength(); i++) {
                        Element designate = (Element) designateNodes.item(i);
                        String factoryPid = designate.getAttribute("factoryPid");
                        String pid = factoryPid.isEmpty() ? designate.getAttribute("pid") : factoryPid;
                        Element object = (Element) designate.getElementsByTagNameNS("*", "Object").item(0);
                        designates.put(pid, object.getAttribute("ocdref"));
                        factories.put(pid, !factoryPid.isEmpty());
                    }
                } else {
                    NodeList components = document.getElementsByTagNameNS("*", "component");
                    for (int i = 0; i < components.getLength(); i++) {
                        Element component = (Element) components.item(i);
                        String configurationPid = component.getAttribute("configuration-pid");
                        for (String pid : (configurationPid.isEmpty() ? component.getAttribute("name") : configurationPid).split("\\s+")) {
                            pids.put(pid.equals("$") ? component.getAttribute("name") : pid, new ComponentPid());
                        }
                    }
                }
            }
        }
        pids.forEach((pid, component) -> {
            if (designates.containsKey(pid)) {
                component.ocd = ocds.get(designates.get(pid));
                component.factory = factories.get(pid);
            }
        });
        return pids;
    }
}
