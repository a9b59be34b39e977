package io.plantwire.features.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.osgi.framework.Constants;
import org.osgi.framework.Version;

/**
 * The gateway's local repository: a directory in Maven layout ({@code group/path/artifact/version/artifact-version.jar})
 * inside the distribution, so field updates never need a network.
 */
final class LocalRepository {

    /** What a jar's manifest says about the bundle in it. */
    record BundleJar(Path path, String symbolicName, Version version, boolean fragment) {
        String describe() {
            return symbolicName + " " + version;
        }
    }

    private final Path root;

    LocalRepository(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** The jar for the coordinates; fails naming the path looked at when it is not there. */
    BundleJar bundle(ArtifactCoordinates coordinates) throws IOException {
        return read(jar(coordinates));
    }

    /**
     * The path of the jar for the coordinates, confined to the repository, without reading it (the installer reads a
     * jar once, when it copies it).
     */
    Path jar(ArtifactCoordinates coordinates) throws IOException {
        Path path;
        try {
            path = coordinates.repositoryPath(root);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (!Files.isRegularFile(path)) {
            throw new IOException(coordinates + " is not in the local repository (no file " + path + ")");
        }
        // A link inside the repository must not lead out of it.
        if (!path.toRealPath().startsWith(root.toAbsolutePath().normalize().toRealPath())) {
            throw new IOException(coordinates + " resolves to " + path.toRealPath() + ", outside the repository "
                    + root + " (a symbolic link)");
        }
        return path;
    }

    /** Reads the bundle headers of a jar; fails when it is not a jar or has no Bundle-SymbolicName. */
    static BundleJar read(Path path) throws IOException {
        return read(path, path.toString());
    }

    /**
     * Reads the bundle headers of a jar; messages call it {@code name} (what the operator knows it as, which may not
     * be the file read: the installer reads its own copy).
     */
    static BundleJar read(Path path, String name) throws IOException {
        try (JarFile jar = new JarFile(path.toFile(), false)) {
            if (jar.getManifest() == null) {
                throw new IOException(name + " has no manifest, it is not an OSGi bundle");
            }
            Attributes main = jar.getManifest().getMainAttributes();
            String bsn = main.getValue(Constants.BUNDLE_SYMBOLICNAME);
            if (bsn == null || bsn.isBlank()) {
                throw new IOException(name + " has no Bundle-SymbolicName, it is not an OSGi bundle");
            }
            int semicolon = bsn.indexOf(';');
            String symbolicName = (semicolon >= 0 ? bsn.substring(0, semicolon) : bsn).trim();
            Version version;
            try {
                version = Version.parseVersion(main.getValue(Constants.BUNDLE_VERSION));
            } catch (IllegalArgumentException e) {
                throw new IOException(name + " has an invalid Bundle-Version: " + e.getMessage(), e);
            }
            return new BundleJar(path, symbolicName, version, main.getValue(Constants.FRAGMENT_HOST) != null);
        } catch (java.util.zip.ZipException e) {
            throw new IOException(name + " is not a jar: " + e.getMessage(), e);
        }
    }

    /** Every jar in the repository with the symbolic name, highest version first. */
    List<BundleJar> bundlesNamed(String symbolicName) throws IOException {
        List<BundleJar> found = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return found;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path path : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".jar"))::iterator) {
                try {
                    BundleJar jar = read(path);
                    if (jar.symbolicName().equals(symbolicName)) {
                        found.add(jar);
                    }
                } catch (IOException e) {
                    // Not a bundle (a plain library jar or sources): not what we look for.
                }
            }
        }
        found.sort((a, b) -> b.version().compareTo(a.version()));
        return found;
    }

    /** SHA-256 of a file, to tell whether a repository jar changed since it was installed. */
    static String sha256(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[65536];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
