package io.plantwire.features.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.osgi.framework.Bundle;

/**
 * A digest of a bundle's content that does not depend on how the jar was packed: SHA-256 over every file entry's
 * name and the SHA-256 of its bytes, in name order. The same for a jar and for the installed bundle made from it, so
 * the deploy folder can tell that a base-runtime bundle already runs a jar's content (the launcher installs its own
 * copy at every start, so there is no recorded hash to compare with).
 */
final class BundleContentDigest {

    private BundleContentDigest() {
    }

    static String of(Path jar) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements();) {
                JarEntry entry = e.nextElement();
                if (!entry.isDirectory()) {
                    try (InputStream in = file.getInputStream(entry)) {
                        entries.put(entry.getName(), sha256(in));
                    }
                }
            }
        }
        return combine(entries);
    }

    static String of(Bundle bundle) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        collect(bundle, "/", entries);
        return combine(entries);
    }

    private static void collect(Bundle bundle, String path, Map<String, String> entries) throws IOException {
        Enumeration<String> paths = bundle.getEntryPaths(path);
        if (paths == null) {
            return;
        }
        while (paths.hasMoreElements()) {
            String p = paths.nextElement();
            if (p.endsWith("/")) {
                collect(bundle, p, entries);
                continue;
            }
            URL url = bundle.getEntry(p);
            if (url != null) {
                try (InputStream in = url.openStream()) {
                    entries.put(p.startsWith("/") ? p.substring(1) : p, sha256(in));
                }
            }
        }
    }

    private static String combine(Map<String, String> entries) {
        MessageDigest digest = newDigest();
        entries.forEach((name, hash) -> digest.update((name + '=' + hash + '\n').getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String sha256(InputStream in) throws IOException {
        MessageDigest digest = newDigest();
        try (DigestInputStream d = new DigestInputStream(in, digest)) {
            d.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
