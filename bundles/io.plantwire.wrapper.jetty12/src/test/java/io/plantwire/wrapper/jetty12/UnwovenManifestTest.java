package io.plantwire.wrapper.jetty12;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifest the build wrote for the wrapper (target/unwoven/MANIFEST.MF, at generate-resources) against the
 * original Felix bundle's, and the build tool itself run on jars it must refuse.
 */
class UnwovenManifestTest {

    private static final String PROCESSOR = "osgi.extender=osgi.serviceloader.processor";

    @TempDir
    Path dir;

    @Test
    void theWrapperKeepsEveryHeaderOfTheOriginalButTheProcessorRequirementAndItsIdentity() throws Exception {
        Attributes original;
        try (JarFile jar = new JarFile(System.getProperty("original.jar"))) {
            original = jar.getManifest().getMainAttributes();
        }
        Attributes wrapper;
        try (InputStream in = Files.newInputStream(Path.of(System.getProperty("unwoven.manifest")))) {
            wrapper = new Manifest(in).getMainAttributes();
        }

        assertThat(original.getValue("Require-Capability")).contains(PROCESSOR);
        assertThat(wrapper.getValue("Require-Capability")).doesNotContain(PROCESSOR)
                .as("the ServiceLoader requirements themselves stay (optional, met by the bundle's own providers)")
                .contains("osgi.serviceloader;filter:=\"(osgi.serviceloader="
                        + "org.eclipse.jetty.http.HttpFieldPreEncoder)\"")
                .contains("osgi.extender;filter:=\"(osgi.extender=osgi.serviceloader.registrar)\"");
        assertThat(wrapper.getValue("Bundle-SymbolicName")).isEqualTo("io.plantwire.wrapper.jetty12");
        assertThat(wrapper.getValue("Bundle-Version")).isEqualTo(original.getValue("Bundle-Version") + ".plantwire");
        assertThat(wrapper.getValue("Plantwire-Wraps"))
                .startsWith("org.apache.felix.http.jetty12 " + original.getValue("Bundle-Version"));

        Map<String, String> others = new HashMap<>();
        original.forEach((k, v) -> others.put(k.toString(), v.toString()));
        Map<String, String> wrapped = new HashMap<>();
        wrapper.forEach((k, v) -> wrapped.put(k.toString(), v.toString()));
        for (String changed : new String[] {"Require-Capability", "Bundle-SymbolicName", "Bundle-Version",
                "Bundle-Name", "Plantwire-Wraps"}) {
            others.remove(changed);
            wrapped.remove(changed);
        }
        assertThat(wrapped).as("exports, imports, capabilities and the activator are the original's")
                .isEqualTo(others).containsKeys("Export-Package", "Import-Package", "Bundle-Activator",
                        "Provide-Capability");
    }

    @Test
    void aRequirementThatIsNotThereFailsTheBuildAndNamesWhatWasFound() throws Exception {
        Path jar = jar("Require-Capability",
                "osgi.extender;filter:=\"(osgi.extender=osgi.serviceloader.registrar)\";resolution:=optional");

        Result r = runTool(jar);

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.output).contains("expected one osgi.extender requirement on osgi.serviceloader.processor")
                .contains("found 0");
        assertThat(dir.resolve("out.MF")).doesNotExist();
    }

    @Test
    void commasInsideQuotesDoNotSplitAClause() throws Exception {
        Path jar = jar("Require-Capability",
                "osgi.service;filter:=\"(objectClass=a.B)\";uses:=\"a,b,c\","
                        + "osgi.extender;filter:=\"(" + PROCESSOR + ")\";resolution:=optional,"
                        + "osgi.ee;filter:=\"(&(osgi.ee=JavaSE)(version=17))\"");

        Result r = runTool(jar);

        assertThat(r.exit).as(r.output).isZero();
        Manifest written;
        try (InputStream in = Files.newInputStream(dir.resolve("out.MF"))) {
            written = new Manifest(in);
        }
        assertThat(written.getMainAttributes().getValue("Require-Capability")).isEqualTo(
                "osgi.service;filter:=\"(objectClass=a.B)\";uses:=\"a,b,c\","
                        + "osgi.ee;filter:=\"(&(osgi.ee=JavaSE)(version=17))\"");
    }

    @Test
    void aJarWithoutTheHeaderFailsTheBuild() throws Exception {
        Path jar = jar("Bundle-Description", "nothing required");

        Result r = runTool(jar);

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.output).contains("has no Require-Capability header");
    }

    private Path jar(String header, String value) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Bundle-SymbolicName", "org.example.http");
        m.getMainAttributes().putValue("Bundle-Version", "1.0.0");
        m.getMainAttributes().putValue(header, value);
        Path jar = dir.resolve("in.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            j.flush();
        }
        return jar;
    }

    private record Result(int exit, String output) {
    }

    private Result runTool(Path jar) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), System.getProperty("unwoven.tool"), jar.toString(),
                dir.resolve("out.MF").toString(), "io.plantwire.wrapper.example", "1.0.0.plantwire")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), output);
    }
}
