package io.plantwire.features.itest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import io.plantwire.features.itest.probe.ProbeActivator;
import io.plantwire.test.support.FileTrees;

/**
 * A gateway home built by a test: repository/ in Maven layout with small bundles whose manifests are written by
 * hand, and features/ with feature JSON files.
 */
final class TestRepository implements AutoCloseable {

    static final String GROUP = "io.plantwire.test";

    final Path home;
    final Path repository;
    final Path features;

    TestRepository() throws IOException {
        home = Files.createTempDirectory("plantwire-features-itest");
        repository = Files.createDirectories(home.resolve("repository"));
        features = Files.createDirectories(home.resolve("features"));
    }

    /** Deletes the repository's folder; a file something else deletes meanwhile is not an error. */
    @Override
    public void close() {
        FileTrees.deleteQuietly(home);
    }

    static String coordinates(String symbolicName, String version) {
        return GROUP + ":" + symbolicName + ":" + version;
    }

    Path jarPath(String symbolicName, String version) {
        return repository.resolve(GROUP.replace('.', '/')).resolve(symbolicName).resolve(version)
                .resolve(symbolicName + "-" + version + ".jar");
    }

    /** A bundle that only declares headers. */
    Path bundle(String symbolicName, String version, String... headers) throws IOException {
        return write(symbolicName, version, false, headers);
    }

    /** A bundle with its own copy of {@link ProbeActivator}: counts its starts, records its configuration. */
    Path probeBundle(String symbolicName, String version, String... headers) throws IOException {
        return write(symbolicName, version, true, headers);
    }

    private Path write(String symbolicName, String version, boolean probe, String... headers) throws IOException {
        Map<String, String> main = new LinkedHashMap<>();
        main.put("Bundle-ManifestVersion", "2");
        main.put("Bundle-SymbolicName", symbolicName);
        main.put("Bundle-Version", version);
        if (probe) {
            main.put("Bundle-Activator", ProbeActivator.class.getName());
            main.put("Import-Package", "org.osgi.framework;version=\"[1.8,2)\",org.osgi.service.cm;version=\"[1.5,2)\"");
        }
        for (int i = 0; i < headers.length; i += 2) {
            String value = headers[i + 1];
            if (headers[i].equals("Import-Package") && main.containsKey("Import-Package")) {
                value = main.get("Import-Package") + "," + value;
            }
            main.put(headers[i], value);
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.forEach((k, v) -> manifest.getMainAttributes().putValue(k, v));
        Path path = jarPath(symbolicName, version);
        Files.createDirectories(path.getParent());
        try (OutputStream out = Files.newOutputStream(path); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            if (probe) {
                String entry = ProbeActivator.class.getName().replace('.', '/') + ".class";
                jar.putNextEntry(new JarEntry(entry));
                try (InputStream in = ProbeActivator.class.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
        }
        return path;
    }

    /** A file that is not a jar at all, where the repository expects a bundle. */
    Path garbage(String symbolicName, String version) throws IOException {
        Path path = jarPath(symbolicName, version);
        Files.createDirectories(path.getParent());
        Files.writeString(path, "this is not a jar");
        return path;
    }

    static String featureId(String name) {
        return GROUP + ":io.plantwire.feature." + name + ":1.0.0";
    }

    /** Writes features/&lt;name&gt;.json: bundles by coordinates and the configurations given as JSON members. */
    Path feature(String name, String[] bundleCoordinates, String configurationsJson) throws IOException {
        return feature(features, name, bundleCoordinates, configurationsJson);
    }

    static Path feature(Path dir, String name, String[] bundleCoordinates, String configurationsJson) throws IOException {
        StringBuilder json = new StringBuilder("{\n  \"feature-resource-version\": \"1.0\",\n");
        json.append("  \"id\": \"").append(featureId(name)).append("\",\n");
        json.append("  \"name\": \"").append(name).append(" test feature\",\n  \"bundles\": [");
        for (int i = 0; i < bundleCoordinates.length; i++) {
            json.append(i > 0 ? ", " : "").append('"').append(bundleCoordinates[i]).append('"');
        }
        json.append("],\n  \"configurations\": {").append(configurationsJson).append("}\n}\n");
        Path file = dir.resolve(name + ".json");
        Files.writeString(file, json, StandardCharsets.UTF_8);
        return file;
    }
}
