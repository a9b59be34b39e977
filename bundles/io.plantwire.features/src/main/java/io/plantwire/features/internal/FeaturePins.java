package io.plantwire.features.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the SHA-256 of every bundle a feature installs into the feature ({@code {"id": ..., "io.plantwire.sha256":
 * ...}} entries), from the jars of a repository: the build does this before it signs the feature, so the signature
 * covers the exact content of every bundle.
 */
public final class FeaturePins {

    private FeaturePins() {
    }

    /**
     * @param json the feature file
     * @param source its name, for messages
     * @param repository the Maven-layout repository holding the feature's bundles
     * @return the feature with a pin on every bundle entry
     * @throws IOException if a bundle is missing from the repository
     * @throws IllegalArgumentException if the feature is invalid, or a bundle id uses a variable (a site could then
     *         point it at another jar than the pinned one)
     */
    @SuppressWarnings("unchecked")
    public static String pin(String json, String source, Path repository) throws IOException {
        FeatureFile feature = FeatureFile.parse(json, source);
        Map<String, Object> document = (Map<String, Object>) Json.parse(json);
        List<Object> entries = (List<Object>) document.getOrDefault("bundles", List.of());
        LocalRepository jars = new LocalRepository(repository);
        List<Object> pinned = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Object entry = entries.get(i);
            Map<String, Object> object = entry instanceof Map ? new LinkedHashMap<>((Map<String, Object>) entry)
                    : new LinkedHashMap<>(Map.of("id", entry));
            if (String.valueOf(object.get("id")).contains("${")) {
                throw new IllegalArgumentException(source + ": bundles[" + i + "] uses a variable in its id; a "
                        + "signed feature names its bundles literally");
            }
            ArtifactCoordinates coordinates = feature.bundles().get(i);
            object.put(FeatureFile.SHA256_KEY, LocalRepository.sha256(jars.bundle(coordinates).path()));
            pinned.add(object);
        }
        Map<String, Object> out = new LinkedHashMap<>(document);
        if (document.containsKey("bundles")) {
            out.put("bundles", pinned);
        }
        return Json.write(out);
    }
}
