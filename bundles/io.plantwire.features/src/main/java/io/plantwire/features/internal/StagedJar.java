package io.plantwire.features.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.osgi.framework.Version;

/**
 * A jar after {@link RevisionStore#stage}: the installer's own copy, its SHA-256 computed while copying, admitted,
 * and the bundle headers read from that copy. The framework gets its content from {@link #open()}, so what was
 * checked is what is installed.
 *
 * @param copy the installer's copy, named after its SHA-256
 * @param sha256 SHA-256 of the copy, lower-case hex
 * @param symbolicName Bundle-SymbolicName without directives
 * @param version Bundle-Version
 * @param fragment whether it is a fragment (Fragment-Host set)
 * @param origin what the operator named (a path, coordinates, a bundle location), for messages
 */
record StagedJar(Path copy, String sha256, String symbolicName, Version version, boolean fragment, String origin) {

    InputStream open() throws IOException {
        return Files.newInputStream(copy);
    }

    String describe() {
        return symbolicName + " " + version;
    }
}
