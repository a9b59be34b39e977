package io.plantwire.config.snapshots.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * io.plantwire.config.snapshots with the real Config Admin (and its interpolation plugin), Metatype and cm.json on
 * Parsson through SPI Fly, driven through {@code plantwire:config} as the shell calls it. Every test gets a fresh
 * snapshot folder and a 200 ms settle time.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class SnapshotsInFrameworkTest {

    private static final String DEVICE = "io.plantwire.itest.device";
    private static final String HEAD = "{\":configurator:resource-version\": 1, \":configurator:symbolic-name\": "
            + "\"io.plantwire.site\", \":configurator:version\": \"1.0.0\",\n";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 5000)
    ConfigurationAdmin admin;

    private Shell shell;
    private Path dir;

    @BeforeEach
    void freshSnapshotFolder() throws Exception {
        shell = new Shell(context);
        dir = Files.createTempDirectory(Path.of(context.getProperty("org.apache.felix.configadmin.plugin."
                + "interpolation.secretsdir")).getParent(), "snapshots-test");
        deleteDevices();
        configureSnapshots(30);
    }

    @AfterEach
    void removeDevices() throws Exception {
        deleteDevices();
    }

    private void configureSnapshots(int maxSnapshots) throws IOException {
        Path folder = dir.resolve("snapshots");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("snapshotFolder", folder.toString());
        props.put("settleMs", 200L);
        props.put("maxSnapshots", maxSnapshots);
        admin.getConfiguration("io.plantwire.config.snapshots", "?").update(props);
        // the component restarts with the new folder; once it says it watches, changes are snapshotted
        await().atMost(WAIT).until(() -> snapshotsOutput().contains(folder.toString())
                && snapshotsOutput().contains("watching for changes"));
    }

    private String snapshotsOutput() {
        try {
            return shell.config("snapshots");
        } catch (IllegalStateException restarting) {
            return "";
        }
    }

    private void deleteDevices() throws IOException, InvalidSyntaxException {
        Configuration[] all = admin.listConfigurations("(service.factoryPid=" + DEVICE + ")");
        for (Configuration c : all == null ? new Configuration[0] : all) {
            c.delete();
        }
    }

    private Configuration device(String name, Map<String, Object> props) throws IOException {
        Configuration c = admin.getFactoryConfiguration(DEVICE, name, "?");
        c.update(new Hashtable<>(props));
        return c;
    }

    private Dictionary<String, Object> deviceProperties(String name) throws Exception {
        Configuration[] found = admin.listConfigurations("(service.pid=" + DEVICE + "~" + name + ")");
        return found == null ? null : found[0].getProperties();
    }

    /** What a component of the test bundle received, once it runs with that port. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> delivered(int port) {
        return await().atMost(WAIT).until(() -> {
            ServiceReference<?>[] refs = context.getServiceReferences(Supplier.class.getName(),
                    "(&(itest.device=true)(port=" + port + "))");
            if (refs == null) {
                return null;
            }
            Supplier<Map<String, Object>> s = (Supplier<Map<String, Object>>) context.getService(refs[0]);
            try {
                return s.get();
            } finally {
                context.ungetService(refs[0]);
            }
        }, m -> m != null);
    }

    /** The export without the line that says when it was made: equal text means an equal site. */
    private String site() {
        String export = shell.config("export");
        assertThat(export).startsWith("{");
        return export.replaceAll("\\s*\":configurator:plantwire-taken\":[^,]*,", "");
    }

    private Path file(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    private static String snapshotIdIn(String output) {
        Matcher m = Pattern.compile("snapshot (\\d{8}-\\d{6}-\\d{3}(-\\d+)?)").matcher(output);
        assertThat(m.find()).as(output).isTrue();
        return m.group(1);
    }

    // ------------------------------------------------------------------ export

    @Test
    void exportCarriesSecretReferencesNeverTheirValues() throws Exception {
        Path secrets = Path.of(context.getProperty("org.apache.felix.configadmin.plugin.interpolation.secretsdir"));
        Files.createDirectories(secrets);
        Path secret = secrets.resolve("itest-code");
        Files.writeString(secret, "s3cr3t-code-4711", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        device("a", Map.of("host", "10.0.0.5", "port", 5020, "accessCode", "$[secret:itest-code]"));

        // the component got the secret: the reference is live, not dead text
        assertThat(delivered(5020)).containsEntry("accessCode", "s3cr3t-code-4711");

        String export = shell.config("export");
        assertThat(export).contains("\"io.plantwire.itest.device~a\"", "\"accessCode\": \"$[secret:itest-code]\"",
                "\"port:Integer\": 5020").doesNotContain("s3cr3t-code-4711");
        String id = snapshotIdIn(shell.config("snapshot", "secrets test"));
        try (var files = Files.list(dir.resolve("snapshots"))) {
            for (Path f : files.toList()) {
                assertThat(Files.readString(f)).as(f.toString()).doesNotContain("s3cr3t-code-4711");
            }
        }
        assertThat(shell.config("diff", id)).isEqualTo("no differences");
    }

    @Test
    void exportRefusesAPlaintextPasswordAndDoesNotShowIt() throws Exception {
        device("b", Map.of("port", 5021, "accessCode", "plain-code-1234"));
        String export = shell.config("export");
        assertThat(export).startsWith("refused: not exported: plaintext secret in configuration "
                + "io.plantwire.itest.device~b, property accessCode").doesNotContain("plain-code-1234");
        Path target = dir.resolve("site.json");
        assertThat(shell.config("export", target.toString())).startsWith("refused:");
        assertThat(target).doesNotExist();
    }

    // ------------------------------------------------------------------ import and restore

    private static final String DOCUMENT = HEAD
            + "\"io.plantwire.itest.device~keep\": {\"port:Integer\": 1000},\n"
            + "\"io.plantwire.itest.device~change\": {\"port:Integer\": 2001, \"host\": \"10.1.1.1\"},\n"
            + "\"io.plantwire.itest.device~new\": {\"port:Integer\": 4000, \"accessCode\": \"$[env:NO_SUCH_VAR]\"}\n}";

    private void threeDevices() throws IOException {
        device("keep", Map.of("port", 1000));
        device("change", Map.of("port", 2000));
        device("drop", Map.of("port", 3000));
    }

    @Test
    void dryRunShowsTheDifferenceAndImportAppliesItAndRestoreBringsBackTheStateBefore() throws Exception {
        threeDevices();
        String before = site();
        Path doc = file("site.json", DOCUMENT);

        String dryRun = shell.config("import", "--dry-run", doc.toString());
        assertThat(dryRun).contains("~ io.plantwire.itest.device~change\n    + host = \"10.1.1.1\"\n"
                + "    ~ port: 2000 -> 2001",
                "- io.plantwire.itest.device~drop  (configuration removed)",
                "+ io.plantwire.itest.device~new  (configuration added)",
                "1 configuration(s) added, 1 changed, 1 removed", "dry run: nothing was changed")
                .doesNotContain("~keep");
        assertThat(site()).isEqualTo(before);

        String imported = shell.config("import", doc.toString());
        assertThat(imported).contains("imported site.json; the state before is snapshot");
        String snapshotBefore = snapshotIdIn(imported.substring(imported.indexOf("the state before")));
        assertThat(deviceProperties("drop")).isNull();
        assertThat(deviceProperties("change").get("port")).isEqualTo(2001);
        assertThat(deviceProperties("change").get("host")).isEqualTo("10.1.1.1");
        assertThat(deviceProperties("new").get("port")).isEqualTo(4000);
        assertThat(deviceProperties("keep").get("port")).isEqualTo(1000);
        assertThat(delivered(4000)).containsEntry("port", 4000);
        assertThat(shell.config("import", "--dry-run", doc.toString())).startsWith("no differences");

        String restoreDryRun = shell.config("restore", "--dry-run", snapshotBefore);
        assertThat(restoreDryRun).contains("+ io.plantwire.itest.device~drop", "- io.plantwire.itest.device~new",
                "dry run: nothing was changed");
        assertThat(shell.config("restore", snapshotBefore)).contains("restored " + snapshotBefore);
        assertThat(site()).isEqualTo(before);
        assertThat(deviceProperties("change").get("port")).isEqualTo(2000).isInstanceOf(Integer.class);
        assertThat(deviceProperties("change").get("host")).isNull();
        assertThat(deviceProperties("new")).isNull();
        assertThat(shell.config("diff", snapshotBefore)).isEqualTo("no differences");
        assertThat(delivered(3000)).containsEntry("port", 3000);
    }

    @Test
    void anImportThatFailsHalfwayPutsEveryConfigurationBack() throws Exception {
        threeDevices();
        String before = site();
        Dictionary<String, Object> marker = new Hashtable<>(Map.of("plantwire.config.failureInjection", "true"));
        // "~change" is written first (sorted), then "~new" fails: the change must be undone too
        ServiceRegistration<?> hook = context.registerService(Predicate.class,
                (Predicate<String>) "WRITE io.plantwire.itest.device~new"::equals, marker);
        try {
            String out = shell.config("import", file("site.json", DOCUMENT).toString());
            assertThat(out).startsWith("refused: import failed: injected failure at WRITE "
                    + "io.plantwire.itest.device~new; everything was put back as it was");
        } finally {
            hook.unregister();
        }
        assertThat(site()).isEqualTo(before);
        assertThat(deviceProperties("change").get("port")).isEqualTo(2000);
        assertThat(deviceProperties("change").get("host")).isNull();
        assertThat(deviceProperties("new")).isNull();
        assertThat(deviceProperties("drop").get("port")).isEqualTo(3000);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a value its attribute refuses | \"io.plantwire.itest.device~x\": {\"port\": \"fast\"} | "
                + "configuration io.plantwire.itest.device~x, property port: fast is not valid",
        "a value out of its attribute's range | \"io.plantwire.itest.device~x\": {\"port:Integer\": 70000} | "
                + "property port: 70000 is not valid",
        "a wrong type for a typed key | \"io.plantwire.itest.device~x\": {\"port:Integer\": \"x\"} | "
                + "Invalid value/type for configuration : port:Integer",
        "an unknown PID | \"io.plantwire.nosuch.thing\": {\"a\": 1} | "
                + "configuration io.plantwire.nosuch.thing: unknown PID",
        "a gateway-local PID | \"io.plantwire.console.access\": {\"username\": \"x\"} | "
                + "configuration io.plantwire.console.access is gateway-local",
        "a feature that is not available | \":configurator:plantwire-features\": [\"org.example:f:1.0\"] | "
                + "feature org.example:f:1.0 is not available on this gateway",
        "a bundle that is not installed | \":configurator:plantwire-bundles\": [\"org.example.missing 9.9.9\"] | "
                + "bundle org.example.missing 9.9.9 is not installed on this gateway",
        "malformed JSON | \"io.plantwire.itest.device~x\": {\"port\": | not a JSON object"
    })
    void aBadDocumentIsRefusedNamingTheProblemAndChangesNothing(String row, String body, String message)
            throws Exception {
        threeDevices();
        String before = site();
        String out = shell.config("import", file("bad.json", HEAD + body + "}").toString());
        assertThat(out).as(row).startsWith("refused: ").contains(message);
        assertThat(site()).as(row).isEqualTo(before);
    }

    @Test
    void aHugeOrMissingFileIsRefusedBeforeItIsRead() throws Exception {
        Path huge = dir.resolve("huge.json");
        Files.writeString(huge, HEAD + "\"a.b\": {\"x\": \"" + "y".repeat(4_200_000) + "\"}}");
        assertThat(shell.config("import", huge.toString())).startsWith("refused: huge.json: larger than 4194304 bytes");
        assertThat(shell.config("import", dir.resolve("nosuch.json").toString())).startsWith("refused: ")
                .contains("is not a file");
        assertThat(shell.config("restore", "../../etc/passwd")).startsWith("refused: '../../etc/passwd' is not a "
                + "snapshot id");
    }

    // ------------------------------------------------------------------ automatic snapshots

    @Test
    void everyChangeLeavesASnapshotOfTheStateBeforeItAndOnlyTheNewestAreKept() throws Exception {
        configureSnapshots(3);
        for (int i = 1; i <= 5; i++) {
            String status = lastLine(snapshotsOutput());
            device("g", Map.of("port", 100 + i));
            int expected = Math.min(i, 3);
            await().atMost(WAIT).until(() -> countSnapshots() == Math.max(expected, 1)
                    && !lastLine(snapshotsOutput()).equals(status) && !snapshotsOutput().contains("settling"));
        }
        String list = snapshotsOutput();
        assertThat(countSnapshots()).isEqualTo(3);
        assertThat(list).contains("before changing io.plantwire.itest.device~g");
        String newest = list.lines().skip(1).findFirst().orElseThrow().split("\\s+")[0];
        // the newest snapshot is the state before the fifth change: port 104, now 105
        assertThat(shell.config("diff", newest)).contains("~ io.plantwire.itest.device~g", "~ port: 105 -> 104");
    }

    private int countSnapshots() {
        return (int) snapshotsOutput().lines().filter(l -> l.matches("\\d{8}-\\d{6}-\\d{3}.*")).count();
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
