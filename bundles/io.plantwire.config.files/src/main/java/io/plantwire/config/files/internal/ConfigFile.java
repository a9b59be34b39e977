package io.plantwire.config.files.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.apache.felix.utils.properties.TypedProperties;

/**
 * One configuration file of a FileInstall-watched folder ({@code <pid>.cfg} or {@code <pid>.config}), read the way
 * FileInstall 3.7.4's ConfigInstaller reads it (same TypedProperties class, same encoding, same variable
 * substitution) and written back only when its content differs from the configuration, keeping its layout.
 */
final class ConfigFile {

    /** The property FileInstall puts into every configuration it creates from a file: the file's URI. */
    static final String FILENAME = "felix.fileinstall.filename";

    /** Keys FileInstall never compares or writes (ConfigInstaller.setConfig / doConfigurationEvent). */
    static final Set<String> BOOKKEEPING = Set.of("service.pid", "service.factoryPid", FILENAME);

    /** What a write-back did. */
    enum Outcome {
        /** The file now holds the configuration. */
        WRITTEN,
        /** The file already held it; nothing written. */
        EQUAL,
        /** The file changed after (change time - settle delay): FileInstall applies the file; nothing written. */
        FILE_NEWER,
        /** The file changed while the new content was being prepared; nothing written. */
        FILE_CHANGED_MEANWHILE,
        /** An XML properties file: FileInstall reads it, but it cannot be written back in its format. */
        XML_FILE,
        /**
         * A Collection value: utils 1.11.8 writes it as {@code ( ... )}, which FileInstall 3.7.4's older embedded copy
         * does not recognise as typed, so FileInstall would read the whole file back as plain strings.
         */
        COLLECTION_VALUE,
        /**
         * Only values the write-back keeps as the file has them differ (a password, a private attribute, a
         * reference): nothing written.
         */
        ONLY_KEPT_VALUES_DIFFER
    }

    private final Path file;
    private final Charset encoding;
    private final TypedProperties.SubstitutionCallback substitution;
    private Stamp written;
    private List<String> kept = List.of();

    /**
     * What identifies a version of a file without reading it: modification time and size (the size tells apart two
     * saves within one tick of a coarse file system clock).
     */
    record Stamp(FileTime modified, long size) {
        static Stamp of(BasicFileAttributes attributes) {
            return new Stamp(attributes.lastModifiedTime(), attributes.size());
        }
    }

    ConfigFile(Path file, Charset encoding, TypedProperties.SubstitutionCallback substitution) {
        this.file = file;
        this.encoding = encoding;
        this.substitution = substitution;
    }

    Path path() {
        return file;
    }

    /** The stamp of the file this instance wrote (after {@link Outcome#WRITTEN}), else null. */
    Stamp written() {
        return written;
    }

    /**
     * The keys whose configuration value differed from the file's but that the last {@link #writeBack} left as the
     * file has them (see {@link KeptValues}); empty if none.
     */
    List<String> kept() {
        return kept;
    }

    /** The file a {@value #FILENAME} value names, if it is a {@code file:} URI of a .cfg or .config file. */
    static Optional<Path> fromFilenameProperty(Object value) {
        if (!(value instanceof String) || ((String) value).isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = URI.create((String) value);
            if (!"file".equalsIgnoreCase(uri.getScheme())) {
                return Optional.empty();
            }
            Path path = Path.of(uri);
            return isConfigFileName(path) ? Optional.of(path) : Optional.empty();
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The names ConfigInstaller.canHandle accepts. */
    static boolean isConfigFileName(Path path) {
        Path name = path.getFileName();
        return name != null && (name.toString().endsWith(".cfg") || name.toString().endsWith(".config"));
    }

    /** The file's properties as FileInstall would apply them (variables substituted, typed values decoded). */
    TypedProperties load() throws IOException {
        TypedProperties properties = new TypedProperties(substitution);
        try (Reader reader = new InputStreamReader(Files.newInputStream(file), encoding)) {
            properties.load(reader);
        }
        return properties;
    }

    /**
     * Writes {@code configuration} into the file unless the file changed after {@code changedAfterMillis} or already
     * holds it. A file still as {@code ownWrite} (the stamp of what the write-back itself wrote last) has not changed
     * since, however recent. The file's layout and comments are kept; keys the configuration no longer has are removed; only
     * values that differ are put, so a value still written as {@code ${...}} keeps its expression. The new content
     * goes to a hidden temporary file in the same folder, owner-only (0600), is forced to disk and then atomically
     * renamed over the file, so FileInstall (or anyone) reads either the old or the new file, never a partial one.
     * Keys the {@code keep} rule (made for the file's values) selects keep the file's value, or stay absent, whatever
     * the configuration says: no secret is written into the file.
     *
     * @throws IOException when the file cannot be read or written; the file is then unchanged and no temporary file
     *         is left behind
     */
    Outcome writeBack(Map<String, ?> configuration, long changedAfterMillis, Stamp ownWrite,
            Function<Map<String, Object>, KeptValues.Rule> keep) throws IOException {
        kept = List.of();
        BasicFileAttributes before = Files.readAttributes(file, BasicFileAttributes.class);
        if (changedAfter(Stamp.of(before), changedAfterMillis, ownWrite)) {
            return Outcome.FILE_NEWER;
        }
        if (startsLikeXml()) {
            return Outcome.XML_FILE;
        }
        TypedProperties properties = load();
        Map<String, Object> wanted = withoutBookkeeping(configuration);
        Map<String, Object> inFile;
        try {
            inFile = withoutBookkeeping(properties);
        } catch (RuntimeException e) {
            // TypedProperties wraps a value it cannot decode (a broken typed line) in a RuntimeException.
            throw new IOException("cannot read its values: " + rootMessage(e), e);
        }
        if (sameProperties(inFile, wanted)) {
            return Outcome.EQUAL;
        }
        kept = keepAsInFile(inFile, wanted, keep.apply(inFile));
        if (sameProperties(inFile, wanted)) {
            return Outcome.ONLY_KEPT_VALUES_DIFFER;
        }
        if (hasCollection(wanted) || hasCollection(inFile)) {
            return Outcome.COLLECTION_VALUE;
        }
        merge(properties, wanted);
        return replace(properties, before) ? Outcome.WRITTEN : Outcome.FILE_CHANGED_MEANWHILE;
    }

    /** Puts the file's value (or nothing) in place of every differing value the rule keeps; the keys it kept. */
    static List<String> keepAsInFile(Map<String, Object> inFile, Map<String, Object> wanted, KeptValues.Rule rule) {
        List<String> keys = new ArrayList<>();
        Set<String> all = new java.util.LinkedHashSet<>(inFile.keySet());
        all.addAll(wanted.keySet());
        for (String key : all) {
            Object fileValue = inFile.get(key);
            Object wantedValue = wanted.get(key);
            if (!Objects.deepEquals(fileValue, wantedValue) && rule.keep(key, fileValue, wantedValue)) {
                keys.add(key);
                if (fileValue != null) {
                    wanted.put(key, fileValue);
                } else {
                    wanted.remove(key);
                }
            }
        }
        return List.copyOf(keys);
    }

    /** Modified after the time, and not by the write-back itself (whose own last write has stamp ownWrite). */
    static boolean changedAfter(Stamp file, long millis, Stamp ownWrite) {
        return file.modified().toMillis() > millis && !file.equals(ownWrite);
    }

    /** Configuration Admin properties as a map, keys in their own case. */
    static Map<String, Object> toMap(Dictionary<String, ?> properties) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            map.put(key, properties.get(key));
        }
        return map;
    }

    static Map<String, Object> withoutBookkeeping(Map<String, ?> properties) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : properties.entrySet()) {
            if (!BOOKKEEPING.contains(e.getKey())) {
                result.put(e.getKey(), e.getValue());
            }
        }
        return result;
    }

    /**
     * FileInstall's comparison (Hashtable.equals of file and configuration without the bookkeeping keys), except that
     * arrays compare by content: FileInstall's would call two equal arrays different and rewrite the file every time.
     */
    static boolean sameProperties(Map<String, ?> a, Map<String, ?> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (Map.Entry<String, ?> e : a.entrySet()) {
            if (!b.containsKey(e.getKey()) || !Objects.deepEquals(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** ConfigInstaller.doConfigurationEvent's merge, putting only what changed. */
    static void merge(TypedProperties properties, Map<String, Object> wanted) {
        for (String key : new ArrayList<>(properties.keySet())) {
            if (!BOOKKEEPING.contains(key) && !wanted.containsKey(key)) {
                properties.remove(key);
            }
        }
        for (Map.Entry<String, Object> e : wanted.entrySet()) {
            if (!properties.containsKey(e.getKey())
                    || !Objects.deepEquals(properties.get(e.getKey()), e.getValue())) {
                // Putting a non-String value into a plain .cfg turns the whole file into the typed format, as
                // FileInstall's write-back did; FileInstall reads either format from either file name.
                properties.put(e.getKey(), e.getValue());
            }
        }
    }

    private boolean replace(TypedProperties properties, BasicFileAttributes before) throws IOException {
        // A symbolic link stays a link: the file it points to is replaced, in the folder it lives in.
        Path target = file.toRealPath();
        Path folder = target.getParent();
        // Hidden: the gateway's felix.fileinstall.filter ignores names starting with '.'.
        Path temp = Files.createTempFile(folder, "." + target.getFileName() + ".", ".tmp");
        boolean moved = false;
        try {
            ownerOnly(temp);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
                    Writer writer = new OutputStreamWriter(Channels.newOutputStream(channel),
                            encoding.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                                    .onUnmappableCharacter(CodingErrorAction.REPORT))) {
                StringWriter text = new StringWriter();
                properties.save(text);
                // ConfigurationHandler breaks the lines of an array value with CRLF, every other line ends in LF:
                // one line ending throughout (FileInstall reads both).
                writer.write(text.toString().replace("\r\n", "\n"));
                writer.flush();
                channel.force(true);
            }
            if (changedSince(before)) {
                return false;
            }
            Stamp stamp = Stamp.of(Files.readAttributes(temp, BasicFileAttributes.class)); // a rename keeps it
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
            written = stamp;
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException("a value cannot be written in " + encoding.name()
                    + " (felix.fileinstall.configEncoding)", e);
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
        syncFolder(folder);
        return true;
    }

    private boolean changedSince(BasicFileAttributes before) throws IOException {
        BasicFileAttributes now = Files.readAttributes(file, BasicFileAttributes.class);
        return !now.lastModifiedTime().equals(before.lastModifiedTime()) || now.size() != before.size();
    }

    private boolean startsLikeXml() throws IOException {
        // ConfigInstaller.setConfig reads a file whose first byte is '<' as XML properties.
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == '<';
        }
    }

    private static boolean hasCollection(Map<String, Object> properties) {
        return properties.values().stream().anyMatch(v -> v instanceof Collection);
    }

    private static void ownerOnly(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view != null) {
            // A configuration file may hold what only the gateway should read: 0600, whatever the file had.
            view.setPermissions(PosixFilePermissions.fromString("rw-------"));
        }
    }

    private static void syncFolder(Path folder) {
        // Makes the rename itself durable on Linux; not possible on every platform, and the content is already safe.
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort
        }
    }

    static String rootMessage(Throwable t) {
        List<Throwable> seen = new ArrayList<>();
        Throwable root = t;
        while (root.getCause() != null && !seen.contains(root.getCause())) {
            seen.add(root);
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }
}
