package io.plantwire.features.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;


import io.plantwire.features.FeatureException;

/**
 * The installer's own copies of the jars it gives the framework ({@code data/features/revisions}). Every jar that
 * becomes a bundle, on every path, passes {@link #stage} once: one read of the source, copied to a temporary file
 * while its SHA-256 is computed, forced to disk and moved atomically to {@code <sha256>.jar}; then admitted, then its
 * headers are read from the copy. A kept copy staged again (the restore at start) is read once where it lies and
 * must still have the SHA-256 it is named by. The copies are kept for rollback and for the restore at start, which
 * finds a bundle's content by the hash the record keeps for it. A copy the record no longer names is deleted by
 * {@link #collectGarbage} after each operation, committed or rolled back.
 */
final class RevisionStore {

    private static final System.Logger LOG = System.getLogger(RevisionStore.class.getName());
    private static final Pattern COPY_NAME = Pattern.compile("[0-9a-f]{64}\\.jar");
    private static final String TEMP_PREFIX = ".staging-";

    private final Path directory;
    private final JarAdmission admission;
    private final FailureInjection failures;
    /** The hashes the installer's record names now: their copies are never deleted. */
    private final Supplier<Set<String>> recorded;

    RevisionStore(Path directory, JarAdmission admission, FailureInjection failures, Supplier<Set<String>> recorded) {
        this.directory = directory;
        this.admission = admission;
        this.failures = failures;
        this.recorded = recorded;
    }

    Path directory() {
        return directory;
    }

    /**
     * Copies the jar into the store, admits the copy and reads its headers from it. On any failure nothing is left
     * behind (unless the record names the same content for a bundle already installed).
     *
     * @param source the jar to copy (repository jar, a path given by the operator, or a kept copy at restore)
     * @param origin what to call it in messages and in the admission
     * @param pinnedSha256 the SHA-256 a feature pins for this jar, or null
     * @param expectedSha256 the SHA-256 the copy must have (the record's, at restore), or null
     */
    StagedJar stage(Path source, String origin, String pinnedSha256, String expectedSha256) throws FeatureException {
        String sha256 = isOwnCopy(source, expectedSha256) ? hashInPlace(source, origin) : copy(source, origin);
        Path copy = directory.resolve(sha256 + ".jar");
        try {
            if (expectedSha256 != null && !expectedSha256.equals(sha256)) {
                throw new FeatureException(origin + " refused: " + source + " has SHA-256 " + sha256
                        + ", the installer recorded " + expectedSha256 + " when it gave the bundle that content");
            }
            admission.admit(copy, origin, sha256, pinnedSha256);
            return headers(copy, sha256, origin);
        } catch (FeatureException | RuntimeException e) {
            discard(sha256);
            throw e;
        }
    }

    /**
     * One read of the source: written to a temporary file while hashed, forced to disk, moved into place; unless the
     * store holds a copy with that SHA-256 already, which is kept as it is.
     */
    private String copy(Path source, String origin) throws FeatureException {
        Path temp = null;
        try {
            Files.createDirectories(directory);
            temp = Files.createTempFile(directory, TEMP_PREFIX, ".tmp");
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            String sha256;
            try (InputStream in = Files.newInputStream(source);
                    FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                byte[] buffer = new byte[65536];
                boolean checked = false;
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    digest.update(buffer, 0, n);
                    ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                    while (chunk.hasRemaining()) {
                        out.write(chunk);
                    }
                    if (!checked) {
                        checked = true;
                        injectCopyFailure(origin);
                    }
                }
                sha256 = HexFormat.of().formatHex(digest.digest());
                if (holdsContent(directory.resolve(sha256 + ".jar"), sha256)) {
                    // The store has this content already (a feature applied again from the repository at start, or
                    // an update that brings back a known revision): forcing and moving it again cost 0.1-0.4 s per
                    // feature at every start. The copy was just hashed; the admission still checks that copy, which
                    // is what the framework loads.
                    out.close();
                    Files.delete(temp);
                    return sha256;
                }
                out.force(true);
            }
            // Same name, same content: replacing a copy kept for another bundle changes nothing it depends on.
            Files.move(temp, directory.resolve(sha256 + ".jar"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            forceDirectory();
            return sha256;
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new FeatureException("cannot copy " + origin + " into " + directory + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            deleteQuietly(temp);
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /**
     * Whether the source is this store's own copy of the content the record expects ({@code <expected>.jar}, a regular
     * file): the restore at every start stages each kept copy. Copying it onto itself would read and hash it twice
     * (the copy, then the check of the copy already there) and write it once, for nothing.
     */
    private boolean isOwnCopy(Path source, String expectedSha256) {
        if (expectedSha256 == null || !COPY_NAME.matcher(expectedSha256 + ".jar").matches()) {
            return false;
        }
        Path own = directory.resolve(expectedSha256 + ".jar");
        try {
            return Files.isRegularFile(own, LinkOption.NOFOLLOW_LINKS)
                    && Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS) && Files.isSameFile(source, own);
        } catch (IOException e) {
            return false; // the copy path reports what is wrong with the file
        }
    }

    /** The SHA-256 of the store's own copy, read once where it lies; {@link #stage} compares it with the record's. */
    private static String hashInPlace(Path copy, String origin) throws FeatureException {
        try {
            return sha256Of(copy);
        } catch (IOException e) {
            throw new FeatureException("cannot read " + origin + " from " + copy + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code copy} exists as a regular file (not a link) and its SHA-256 is {@code sha256}. */
    static boolean holdsContent(Path copy, String sha256) throws IOException {
        return Files.isRegularFile(copy, LinkOption.NOFOLLOW_LINKS) && sha256Of(copy).equals(sha256);
    }

    private static String sha256Of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[65536];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private void injectCopyFailure(String origin) throws IOException {
        try {
            failures.after(InstallStep.COPY, origin);
        } catch (FeatureException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** So the move survives a power cut (Linux; elsewhere a directory cannot be opened and this is skipped). */
    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort
        }
    }

    /** Reads the bundle headers from the copy; messages name the origin, which is what the operator knows. */
    private static StagedJar headers(Path copy, String sha256, String origin) throws FeatureException {
        try {
            LocalRepository.BundleJar jar = LocalRepository.read(copy, origin);
            return new StagedJar(copy, sha256, jar.symbolicName(), jar.version(), jar.fragment(), origin);
        } catch (IOException e) {
            throw new FeatureException(e.getMessage().startsWith(origin) ? e.getMessage()
                    : "cannot read " + origin + ": " + e.getMessage(), e);
        }
    }

    /**
     * The copy of the content the record gives a location: {@code <sha256>.jar}, or the name an earlier installer
     * version used (derived from the location). Null when neither is there.
     */
    Path keptCopy(String location, String sha256) {
        if (sha256 != null && COPY_NAME.matcher(sha256 + ".jar").matches()) {
            Path copy = directory.resolve(sha256 + ".jar");
            if (Files.isRegularFile(copy)) {
                return copy;
            }
        }
        Path legacy = legacyCopy(location);
        return Files.isRegularFile(legacy) ? legacy : null;
    }

    /** Deletes the copy unless the record still names that content. */
    void discard(String sha256) {
        if (!recorded.get().contains(sha256)) {
            deleteQuietly(directory.resolve(sha256 + ".jar"));
        }
    }

    /** After an operation: deletes copies the record does not name and temporary files left by a crash. */
    void collectGarbage() {
        if (!Files.isDirectory(directory)) {
            return;
        }
        Set<String> keep = recorded.get();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.startsWith(TEMP_PREFIX) || name.endsWith(".previous.jar")
                        || (COPY_NAME.matcher(name).matches() && !keep.contains(name.substring(0, 64)))) {
                    deleteQuietly(file);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot clean " + directory + ": " + e.getMessage());
        }
    }

    /** Deletes the copy an earlier installer version kept under a name derived from the location. */
    void forgetLegacyCopy(String location) {
        deleteQuietly(legacyCopy(location));
    }

    private Path legacyCopy(String location) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(location.getBytes(StandardCharsets.UTF_8));
            return directory.resolve(HexFormat.of().formatHex(digest, 0, 12) + ".jar");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete " + file + ": " + e.getMessage());
        }
    }
}
