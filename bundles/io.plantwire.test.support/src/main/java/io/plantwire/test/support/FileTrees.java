package io.plantwire.test.support;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Deletes a test's directory tree while something else may still be deleting in it: FileInstall's write-back
 * removes the file of a deleted configuration on its own thread, a broker removes its segments as it stops. A file
 * or directory that is already gone is what we wanted, not an error; every other failure is thrown.
 */
public final class FileTrees {

    private FileTrees() {
    }

    /**
     * Deletes {@code root} and everything under it. Nothing happens if {@code root} does not exist.
     *
     * @throws IOException naming the path that could not be read or deleted
     */
    public static void delete(Path root) throws IOException {
        if (root == null) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE; // deleted meanwhile
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** {@link #delete(Path)} for clean-up that must not fail the test or benchmark it ends. */
    public static void deleteQuietly(Path root) {
        try {
            delete(root);
        } catch (IOException leftover) {
            // a leftover temporary directory harms nothing
        }
    }
}
