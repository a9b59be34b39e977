package io.plantwire.features.internal;

import java.nio.file.Path;

/**
 * Maven coordinates as the OSGi Feature specification writes them: {@code groupId:artifactId[:type[:classifier]]:version}.
 */
record ArtifactCoordinates(String groupId, String artifactId, String type, String classifier, String version) {

    /** Parses coordinates; the type defaults to jar. */
    static ArtifactCoordinates parse(String text) {
        String[] parts = text.trim().split(":", -1);
        for (String part : parts) {
            if (part.isBlank()) {
                throw new IllegalArgumentException("'" + text + "' is not groupId:artifactId[:type[:classifier]]:version (empty part)");
            }
        }
        switch (parts.length) {
            case 3:
                return new ArtifactCoordinates(parts[0], parts[1], "jar", "", parts[2]);
            case 4:
                return new ArtifactCoordinates(parts[0], parts[1], parts[2], "", parts[3]);
            case 5:
                return new ArtifactCoordinates(parts[0], parts[1], parts[2], parts[3], parts[4]);
            default:
                throw new IllegalArgumentException("'" + text + "' is not groupId:artifactId[:type[:classifier]]:version");
        }
    }

    /** Whether text has the shape of coordinates (three to five colon-separated parts, no path separators). */
    static boolean looksLikeCoordinates(String text) {
        String[] parts = text.trim().split(":", -1);
        return parts.length >= 3 && parts.length <= 5 && !text.contains("/") && !text.contains("\\");
    }

    /** The file's path inside a Maven-layout repository. */
    Path repositoryPath(Path repository) {
        String file = artifactId + "-" + version + (classifier.isEmpty() ? "" : "-" + classifier) + "." + type;
        return repository.resolve(groupId.replace('.', '/')).resolve(artifactId).resolve(version).resolve(file);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(groupId).append(':').append(artifactId);
        if (!"jar".equals(type) || !classifier.isEmpty()) {
            out.append(':').append(type);
            if (!classifier.isEmpty()) {
                out.append(':').append(classifier);
            }
        }
        return out.append(':').append(version).toString();
    }
}
