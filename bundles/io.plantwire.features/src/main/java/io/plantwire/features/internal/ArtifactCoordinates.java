package io.plantwire.features.internal;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Maven coordinates as the OSGi Feature specification writes them: {@code groupId:artifactId[:type[:classifier]]:version}.
 * Every part is checked against a strict grammar when parsed, because the parts become a path inside the local
 * repository: letters, digits, {@code _ - .} (and {@code +} in a version), starting with a letter, digit or {@code _},
 * no {@code ..}, at most {@value #MAX_PART_LENGTH} characters; the type is lower-case letters and digits.
 */
record ArtifactCoordinates(String groupId, String artifactId, String type, String classifier, String version) {

    static final int MAX_PART_LENGTH = 128;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]*");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+\\-]*");
    private static final Pattern TYPE = Pattern.compile("[a-z0-9]+");

    ArtifactCoordinates {
        check("groupId", groupId, NAME);
        check("artifactId", artifactId, NAME);
        check("type", type, TYPE);
        if (!classifier.isEmpty()) {
            check("classifier", classifier, NAME);
        }
        check("version", version, VERSION);
    }

    private static void check(String part, String value, Pattern grammar) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(part + " is empty");
        }
        if (value.length() > MAX_PART_LENGTH) {
            throw new IllegalArgumentException(part + " is longer than " + MAX_PART_LENGTH + " characters");
        }
        if (!grammar.matcher(value).matches() || value.contains("..")) {
            throw new IllegalArgumentException(part + " '" + io.plantwire.api.text.SafeText.printable(value, 80)
                    + "' is not allowed (letters, digits, _ - ." + ("version".equals(part) ? " +" : "")
                    + ", not starting with . or -, no ..)");
        }
    }

    /** Parses coordinates; the type defaults to jar. */
    static ArtifactCoordinates parse(String text) {
        String[] parts = text.trim().split(":", -1);
        for (String part : parts) {
            if (part.isBlank()) {
                throw new IllegalArgumentException("'" + text + "' is not groupId:artifactId[:type[:classifier]]:version (empty part)");
            }
        }
        try {
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
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith("'")) {
                throw e;
            }
            throw new IllegalArgumentException("'" + io.plantwire.api.text.SafeText.printable(text.trim(), 200)
                    + "' is not valid coordinates: " + e.getMessage(), e);
        }
    }

    /** Whether text has the shape of coordinates (three to five colon-separated parts, no path separators). */
    static boolean looksLikeCoordinates(String text) {
        String[] parts = text.trim().split(":", -1);
        return parts.length >= 3 && parts.length <= 5 && !text.contains("/") && !text.contains("\\");
    }

    /**
     * The file's path inside a Maven-layout repository. The grammar keeps it inside; this checks it once more after
     * normalization, so a change of the grammar cannot open a way out.
     */
    Path repositoryPath(Path repository) {
        String file = artifactId + "-" + version + (classifier.isEmpty() ? "" : "-" + classifier) + "." + type;
        Path root = repository.toAbsolutePath().normalize();
        Path path = root.resolve(groupId.replace('.', '/')).resolve(artifactId).resolve(version).resolve(file)
                .normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException(this + " resolves to " + path + ", outside the repository " + root);
        }
        return path;
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
