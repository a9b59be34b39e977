package io.plantwire.console.access.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The console credentials generated at first start, kept in {@code <home>/data/console-credentials} with mode 0600
 * so that the operator can look the password up again while nobody else on the gateway can.
 */
final class CredentialsFile {

    static final String FILE_NAME = "console-credentials";
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;

    CredentialsFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    /** Stored username and password, if the file exists. Tightens the file to 0600 if someone widened it. */
    Optional<BasicCredentials> read() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        restrictToOwner(file);
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        String username = p.getProperty("username");
        String password = p.getProperty("password");
        if (username == null || password == null) {
            throw new IOException(file + " has no 'username' or no 'password' entry; delete it to generate new "
                    + "console credentials");
        }
        return Optional.of(new BasicCredentials(username.trim(), password.trim()));
    }

    /**
     * Writes the file so that it is never readable by others, not even for a moment: the temporary file is created
     * with mode 0600 and then moved into place.
     */
    void write(BasicCredentials credentials) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(FILE_NAME + ".tmp");
        Files.deleteIfExists(tmp);
        if (isPosix(dir)) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(tmp);
            restrictToOwner(tmp);
        }
        Properties p = new Properties();
        p.setProperty("username", credentials.username());
        p.setProperty("password", credentials.password());
        try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(out, "Plantwire Web Console credentials, generated at first start. Owner-readable only.\n"
                    + "Delete this file and restart to generate new ones, or set them in configuration "
                    + "io.plantwire.console.access or PLANTWIRE_CONSOLE_PASSWORD.");
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private static boolean isPosix(Path dir) {
        return Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null;
    }

    private static void restrictToOwner(Path path) throws IOException {
        if (isPosix(path)) {
            if (!Files.getPosixFilePermissions(path).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(path, OWNER_ONLY);
            }
        } else {
            // Best effort where POSIX modes do not exist (e.g. a Windows test machine).
            java.io.File f = path.toFile();
            f.setReadable(false, false);
            f.setReadable(true, true);
            f.setWritable(false, false);
            f.setWritable(true, true);
        }
    }
}
