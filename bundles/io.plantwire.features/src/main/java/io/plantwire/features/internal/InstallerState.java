package io.plantwire.features.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the installer did, kept in the bundle's data area so it survives restarts: which bundles it installed (it
 * never uninstalls a bundle it did not install), with the SHA-256 of the content it installed, and per feature the
 * bundles it uses and the configurations it created, with a hash of the properties it wrote (a different hash now
 * means a user changed the configuration, and the installer leaves it alone).
 */
final class InstallerState {

    /** One installed feature. */
    static final class InstalledFeature {
        final String id;
        String source;
        final List<String> bundleLocations = new ArrayList<>();
        final Map<String, String> configurations = new LinkedHashMap<>();

        InstalledFeature(String id, String source) {
            this.id = id;
            this.source = source;
        }
    }

    /** Location of every bundle the installer installed, to the SHA-256 of the content it last gave it. */
    final Map<String, String> managedBundles = new LinkedHashMap<>();
    /**
     * Location of every bundle the installer updated but did not install (part of the base runtime), to the SHA-256
     * of the content it gave it: the kept copy lets a later update of it be rolled back.
     */
    final Map<String, String> updatedBaseBundles = new LinkedHashMap<>();
    final Map<String, InstalledFeature> features = new LinkedHashMap<>();

    private final Path file;

    private InstallerState(Path file) {
        this.file = file;
    }

    @SuppressWarnings("unchecked")
    static InstallerState load(Path file) throws IOException {
        InstallerState state = new InstallerState(file);
        if (file == null || !Files.isRegularFile(file)) {
            return state;
        }
        Map<String, Object> root = (Map<String, Object>) Json.parse(Files.readString(file, StandardCharsets.UTF_8));
        ((Map<String, Object>) root.getOrDefault("managedBundles", Map.of()))
                .forEach((location, hash) -> state.managedBundles.put(location, (String) hash));
        ((Map<String, Object>) root.getOrDefault("updatedBaseBundles", Map.of()))
                .forEach((location, hash) -> state.updatedBaseBundles.put(location, (String) hash));
        for (Object value : ((Map<String, Object>) root.getOrDefault("features", Map.of())).values()) {
            Map<String, Object> f = (Map<String, Object>) value;
            InstalledFeature feature = new InstalledFeature((String) f.get("id"), (String) f.get("source"));
            for (Object location : (List<Object>) f.getOrDefault("bundleLocations", List.of())) {
                feature.bundleLocations.add((String) location);
            }
            ((Map<String, Object>) f.getOrDefault("configurations", Map.of()))
                    .forEach((pid, hash) -> feature.configurations.put(pid, (String) hash));
            state.features.put(feature.id, feature);
        }
        return state;
    }

    /** Writes the state atomically (temp file + move), so a power cut leaves the old or the new state. */
    void save() throws IOException {
        if (file == null) {
            return;
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("managedBundles", managedBundles);
        root.put("updatedBaseBundles", updatedBaseBundles);
        Map<String, Object> featureMap = new LinkedHashMap<>();
        for (InstalledFeature feature : features.values()) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("id", feature.id);
            f.put("source", feature.source);
            f.put("bundleLocations", feature.bundleLocations);
            f.put("configurations", feature.configurations);
            featureMap.put(feature.id, f);
        }
        root.put("features", featureMap);
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(Json.write(root).getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The SHA-256 of every content the record names: the copies {@link RevisionStore} must keep. */
    Set<String> recordedContents() {
        Set<String> hashes = new HashSet<>(managedBundles.values());
        hashes.addAll(updatedBaseBundles.values());
        return hashes;
    }

    /** The SHA-256 the record gives the content of the bundle at location, or null. */
    String contentOf(String location) {
        String managed = managedBundles.get(location);
        return managed != null ? managed : updatedBaseBundles.get(location);
    }

    /** Whether an installed feature other than except uses the bundle at location. */
    boolean neededByAnotherFeature(String location, String except) {
        return features.values().stream()
                .anyMatch(f -> !f.id.equals(except) && f.bundleLocations.contains(location));
    }

    /** The installed features that use the bundle at location. */
    List<String> featuresUsing(String location) {
        List<String> ids = new ArrayList<>();
        for (InstalledFeature f : features.values()) {
            if (f.bundleLocations.contains(location)) {
                ids.add(f.id);
            }
        }
        return ids;
    }
}
