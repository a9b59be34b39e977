import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Writes the manifest of the wrapper bundle: the manifest of Felix HTTP Jetty 12 with its own name and version and
 * without the optional {@code osgi.extender} requirement on {@code osgi.serviceloader.processor}, which makes SPI Fly
 * rewrite every class the bundle loads. Everything else (exports, imports, capabilities, the activator) is the
 * original's. Run by the JDK's single-file launcher from the module's pom at generate-resources:
 *
 * <pre>
 * java UnwovenManifest.java &lt;original jar&gt; &lt;manifest to write&gt; &lt;symbolic name&gt; &lt;version&gt;
 * </pre>
 *
 * It fails the build, naming what it found, unless the original has exactly one such requirement: a new Felix HTTP
 * version that dropped or changed it must be looked at, not wrapped blindly.
 */
public final class UnwovenManifest {

    static final String REQUIRE_CAPABILITY = "Require-Capability";
    static final String PROCESSOR = "osgi.extender=osgi.serviceloader.processor";

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: java UnwovenManifest.java <original jar> <manifest to write> <symbolic name>"
                    + " <version>");
            System.exit(2);
        }
        Path original = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Manifest manifest;
        try (JarFile jar = new JarFile(original.toFile())) {
            Manifest m = jar.getManifest();
            if (m == null) {
                fail(original + " has no manifest");
            }
            manifest = new Manifest(m);
        }
        Attributes main = manifest.getMainAttributes();
        String requirements = main.getValue(REQUIRE_CAPABILITY);
        if (requirements == null) {
            fail(original + " has no " + REQUIRE_CAPABILITY + " header");
        }
        List<String> kept = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (String clause : clauses(requirements)) {
            (isProcessorRequirement(clause) ? dropped : kept).add(clause);
        }
        if (dropped.size() != 1) {
            fail(original + ": expected one osgi.extender requirement on osgi.serviceloader.processor in "
                    + REQUIRE_CAPABILITY + ", found " + dropped.size() + ": " + dropped);
        }
        String name = main.getValue("Bundle-Name");
        String originalId = main.getValue("Bundle-SymbolicName") + " " + main.getValue("Bundle-Version");
        main.putValue(REQUIRE_CAPABILITY, String.join(",", kept));
        main.putValue("Bundle-SymbolicName", args[2]);
        main.putValue("Bundle-Version", args[3]);
        main.putValue("Bundle-Name", (name == null ? originalId : name) + " (Plantwire: not woven by SPI Fly)");
        main.putValue("Plantwire-Wraps", originalId + "; dropped from " + REQUIRE_CAPABILITY + ": " + dropped.get(0));
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (OutputStream o = Files.newOutputStream(out)) {
            manifest.write(o);
        }
        System.out.println("UnwovenManifest: " + out + " from " + originalId + ", dropped " + dropped.get(0));
    }

    static boolean isProcessorRequirement(String clause) {
        String c = clause.strip();
        return c.startsWith("osgi.extender;") && c.replace(" ", "").contains(PROCESSOR);
    }

    /** The clauses of an OSGi header: split at commas outside double quotes. */
    static List<String> clauses(String header) {
        List<String> clauses = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < header.length(); i++) {
            char ch = header.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == '\\' && quoted && i + 1 < header.length()) {
                current.append(ch).append(header.charAt(++i));
                continue;
            } else if (ch == ',' && !quoted) {
                clauses.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(ch);
        }
        if (quoted) {
            fail(REQUIRE_CAPABILITY + " has an unclosed quote: " + header);
        }
        clauses.add(current.toString());
        return clauses;
    }

    private static void fail(String message) {
        System.err.println("UnwovenManifest: " + message);
        System.exit(1);
    }
}
