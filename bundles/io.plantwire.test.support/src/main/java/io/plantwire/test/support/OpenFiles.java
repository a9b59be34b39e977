package io.plantwire.test.support;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The open file descriptors of this process (sockets, files, pipes) at one moment, read from {@code /proc/self/fd}
 * (Linux). Take a snapshot before, another after, and ask {@link #openedSince} what was opened and not closed.
 *
 * <p>Jar files are left out: the OSGi framework opens the jar of every bundle revision it loads classes from, and
 * that is the framework's handle, not the bundle's. So is the handle of this listing itself.
 */
public final class OpenFiles {

    private static final Path FD_DIR = Paths.get("/proc/self/fd");

    /** fd number → what it points at, e.g. {@code socket:[12345]} or a path. */
    private final Map<Integer, String> descriptors;

    private OpenFiles(Map<Integer, String> descriptors) {
        this.descriptors = descriptors;
    }

    /** Whether this platform lets us count descriptors (Linux: {@code /proc/self/fd} exists). */
    public static boolean countable() {
        return Files.isDirectory(FD_DIR);
    }

    /**
     * The descriptors open now.
     *
     * @throws IllegalStateException if {@link #countable()} is false
     */
    public static OpenFiles take() {
        if (!countable()) {
            throw new IllegalStateException("cannot count open files: " + FD_DIR + " does not exist on this platform");
        }
        Map<Integer, String> fds = new TreeMap<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(FD_DIR)) {
            for (Path fd : dir) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    // /proc/... is this listing's own directory handle
                    if (!target.endsWith(".jar") && !target.startsWith("/proc/")) {
                        fds.put(Integer.valueOf(fd.getFileName().toString()), target);
                    }
                } catch (NoSuchFileException closedMeanwhile) {
                    // closed between listing and reading (e.g. the directory stream's own descriptor): not open
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + FD_DIR + ": " + e, e);
        }
        return new OpenFiles(fds);
    }

    /**
     * What is open now and was not open in this snapshot (same number and same target), as {@code fd -> target}
     * strings, e.g. {@code 57 -> socket:[88412]}.
     */
    public List<String> openedSince() {
        List<String> added = new ArrayList<>();
        for (Map.Entry<Integer, String> e : take().descriptors.entrySet()) {
            if (!e.getValue().equals(descriptors.get(e.getKey()))) {
                added.add(e.getKey() + " -> " + e.getValue());
            }
        }
        return Collections.unmodifiableList(added);
    }

    /** Every descriptor in this snapshot (other than jars), as {@code fd -> target} strings. */
    public List<String> all() {
        List<String> all = new ArrayList<>();
        descriptors.forEach((fd, target) -> all.add(fd + " -> " + target));
        return Collections.unmodifiableList(all);
    }

    /** How many descriptors (other than jars) are in this snapshot. */
    public int size() {
        return descriptors.size();
    }
}
