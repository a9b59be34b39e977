package io.plantwire.features.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * A daemon thread that runs a scan of a folder, waits the interval, and again, until stopped; a scan that throws is
 * logged and the next one runs. Polling rather than a WatchService, because it behaves the same on every file system
 * a gateway may mount, network shares included. Used by the watched feature folder and the deploy folder.
 */
final class FolderPoll implements Runnable {

    private static final System.Logger LOG = System.getLogger(FolderPoll.class.getName());

    private final Path folder;
    private final long intervalMs;
    private final Runnable scan;
    private final Thread thread;
    private volatile boolean running = true;

    FolderPoll(String threadName, Path folder, long intervalMs, Runnable scan) {
        this.folder = folder;
        this.intervalMs = intervalMs;
        this.scan = scan;
        this.thread = new Thread(this, threadName);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Stops the thread and waits for a scan under way to finish, unless called from the scan itself. */
    void stop(long joinMs) {
        running = false;
        thread.interrupt();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(joinMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** False once stop() was called: a long scan checks it between files. */
    boolean running() {
        return running;
    }

    @Override
    public void run() {
        while (running) {
            try {
                scan.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "folder " + folder + ": " + e, e);
            }
            try {
                Thread.sleep(intervalMs);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The regular files of the folder matching the glob; none when the folder does not exist. */
    static Set<Path> files(Path folder, String glob) throws IOException {
        Set<Path> found = new HashSet<>();
        if (Files.isDirectory(folder)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, glob)) {
                for (Path file : files) {
                    if (Files.isRegularFile(file)) {
                        found.add(file);
                    }
                }
            }
        }
        return found;
    }
}
