package io.plantwire.features.internal;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.framework.Version;

import io.plantwire.features.FeatureException;
import io.plantwire.features.FeatureInfo;
import io.plantwire.features.internal.InstallerState.InstalledFeature;

/**
 * Where features come from: the feature files of the features directory and the watched folder, found by path,
 * short name or id. A file's bytes are read once, admitted ({@link FeatureFileAdmission}) and then parsed, so what
 * was checked is what is installed.
 */
final class FeatureCatalog {

    private static final System.Logger LOG = System.getLogger(FeatureCatalog.class.getName());

    private final Path home;
    private final Path featuresDirectory;
    private final Path watchFolder;
    private final Map<String, String> variables;
    private final FeatureFileAdmission admission;

    FeatureCatalog(Path home, Path featuresDirectory, Path watchFolder, Map<String, String> variables,
            FeatureFileAdmission admission) {
        this.home = home;
        this.featuresDirectory = featuresDirectory;
        this.watchFolder = watchFolder;
        this.variables = variables;
        this.admission = admission;
    }

    /** A feature file is a few kilobytes; a larger one is refused before it is read. */
    static final long MAX_FILE_BYTES = 1024 * 1024;

    /** Reads, admits and parses a feature file. */
    FeatureFile read(Path file) throws FeatureException {
        byte[] content;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new FeatureException("feature file " + file + " has " + size + " bytes, more than "
                        + MAX_FILE_BYTES + "; it was not read");
            }
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new FeatureException("cannot read feature file " + file + ": " + e.getMessage(), e);
        }
        admission.admit(file, content);
        try {
            String json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
            return FeatureFile.parse(json, file.toString(), variables);
        } catch (CharacterCodingException e) {
            throw new FeatureException(file + ": not UTF-8 text (" + e + ")", e);
        } catch (IllegalArgumentException e) {
            throw new FeatureException(e.getMessage(), e);
        }
    }

    /** The feature of the file, or null when it is gone, unreadable or refused. */
    FeatureFile readQuietly(String source) {
        try {
            if (source == null || source.isEmpty() || !Files.isRegularFile(Paths.get(source))) {
                return null;
            }
            return read(Paths.get(source));
        } catch (FeatureException | InvalidPathException e) {
            return null;
        }
    }

    /** The parsable feature files of the features directory and the watched folder; broken ones are logged. */
    List<FeatureFile> available() {
        List<FeatureFile> found = new ArrayList<>();
        List<Path> directories = new ArrayList<>();
        directories.add(featuresDirectory);
        if (watchFolder != null) {
            directories.add(watchFolder);
        }
        for (Path directory : directories) {
            if (!Files.isDirectory(directory)) {
                continue;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.json")) {
                for (Path file : files) {
                    try {
                        found.add(read(file));
                    } catch (FeatureException e) {
                        LOG.log(System.Logger.Level.WARNING, e.getMessage());
                    }
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot list " + directory + ": " + e.getMessage());
            }
        }
        return found;
    }

    /** Every known feature, installed or not, by name then id. */
    List<FeatureInfo> list(InstallerState state) {
        Map<String, FeatureInfo> byId = new TreeMap<>();
        for (FeatureFile f : available()) {
            byId.putIfAbsent(f.id().toString(), info(f, state.features.containsKey(f.id().toString())));
        }
        for (InstalledFeature installed : state.features.values()) {
            if (!byId.containsKey(installed.id)) {
                FeatureFile f = readQuietly(installed.source);
                byId.put(installed.id, f != null && f.id().toString().equals(installed.id) ? info(f, true)
                        : new FeatureInfo(installed.id, shortName(installed.id), "", true, List.of(),
                                List.copyOf(installed.configurations.keySet()), ""));
            }
        }
        List<FeatureInfo> list = new ArrayList<>(byId.values());
        list.sort(Comparator.comparing(FeatureInfo::name).thenComparing(FeatureInfo::id));
        return list;
    }

    private static FeatureInfo info(FeatureFile f, boolean installed) {
        return new FeatureInfo(f.id().toString(), f.name(), f.description(), installed,
                f.bundles().stream().map(ArtifactCoordinates::toString).toList(),
                List.copyOf(f.configurations().keySet()), f.source());
    }

    static String shortName(String id) {
        try {
            String artifact = ArtifactCoordinates.parse(id).artifactId();
            return artifact.startsWith(FeatureFile.SHORT_NAME_PREFIX)
                    ? artifact.substring(FeatureFile.SHORT_NAME_PREFIX.length()) : artifact;
        } catch (IllegalArgumentException e) {
            return id;
        }
    }

    /**
     * The SHA-256 an installed feature pins for the jar at location (a repository jar's URI), read from the feature's
     * file, which is admitted again on the way; null when no installed feature pins that jar. A bundle of a verified
     * feature stays admitted on the feature's terms when it is updated on its own or restored.
     */
    String pinFor(String jarLocation, InstallerState state, Path repositoryRoot) {
        for (InstalledFeature installed : state.features.values()) {
            FeatureFile file = readQuietly(installed.source);
            if (file == null || !file.id().toString().equals(installed.id)) {
                continue;
            }
            for (ArtifactCoordinates c : file.bundles()) {
                try {
                    if (file.pinnedSha256(c) != null
                            && c.repositoryPath(repositoryRoot).toUri().toString().equals(jarLocation)) {
                        return file.pinnedSha256(c);
                    }
                } catch (IllegalArgumentException outsideTheRepository) {
                    // not a jar the installer could take from the repository
                }
            }
        }
        return null;
    }

    /** Finds a feature by file path, short name or id; of several versions the highest. */
    FeatureFile find(String ref, InstallerState state) throws FeatureException {
        if (ref == null || ref.isBlank()) {
            throw new FeatureException("no feature given: name it (e.g. modbus), give its id or the path of its JSON file");
        }
        String text = ref.trim();
        if (text.endsWith(".json")) {
            Path file = home.resolve(Paths.get(text)).normalize();
            if (Files.isRegularFile(file)) {
                return read(file);
            }
            if (Files.isRegularFile(featuresDirectory.resolve(text))) {
                return read(featuresDirectory.resolve(text));
            }
            throw new FeatureException("feature file " + ref + " does not exist");
        }
        List<FeatureFile> matches = new ArrayList<>();
        for (FeatureFile f : available()) {
            if (f.matches(ref)) {
                matches.add(f);
            }
        }
        for (InstalledFeature installed : state.features.values()) {
            FeatureFile f = readQuietly(installed.source);
            if (f != null && f.matches(ref) && matches.stream().noneMatch(m -> m.id().equals(f.id()))) {
                matches.add(f);
            }
        }
        if (matches.isEmpty()) {
            throw new FeatureException("no feature '" + ref + "' in " + featuresDirectory
                    + (watchFolder != null ? " or " + watchFolder : "") + "; plantwire:features lists the known ones");
        }
        // A field update brings a new version next to the old.
        matches.sort(Comparator.comparing((FeatureFile f) -> safeVersion(f.id().version())).reversed());
        return matches.get(0);
    }

    private static Version safeVersion(String mavenVersion) {
        try {
            return Version.parseVersion(mavenVersion.replace('-', '.'));
        } catch (IllegalArgumentException e) {
            return Version.emptyVersion;
        }
    }

    /** The installed feature named by ref (id, short name, id without version, or its file). */
    static InstalledFeature installed(String ref, InstallerState state) throws FeatureException {
        String text = ref == null ? "" : ref.trim();
        for (InstalledFeature f : state.features.values()) {
            if (f.id.equals(text) || shortName(f.id).equals(text) || f.id.startsWith(text + ":")
                    || f.source.equals(text)) {
                return f;
            }
        }
        throw new FeatureException("feature '" + ref + "' is not installed; installed: "
                + (state.features.isEmpty() ? "none" : String.join(", ", state.features.keySet())));
    }
}
