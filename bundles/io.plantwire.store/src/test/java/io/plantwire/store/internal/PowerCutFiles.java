package io.plantwire.store.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A fault-injecting {@link StoreFiles}: works on real files, records the order of the durability operations, and
 * can write the image a power cut would leave behind. Its model is the conservative one POSIX allows: a file's
 * content survives only as it was at its last {@code force}, and a file's existence (its creation, its deletion)
 * survives only if the directory was synced after it. The lock file is not the queue's business and not modelled.
 */
final class PowerCutFiles implements StoreFiles {

    private final boolean honourDirectorySync;
    private final List<String> operations = new ArrayList<>();
    private final Map<String, byte[]> forcedContent = new HashMap<>();
    private final Set<String> durableNames = new HashSet<>();
    private Path directory;

    /**
     * @param honourDirectorySync false models a store that never syncs its directory: the test's control case
     */
    PowerCutFiles(boolean honourDirectorySync) {
        this.honourDirectorySync = honourDirectorySync;
    }

    @Override
    public synchronized FileChannel open(Path file, OpenOption... options) throws IOException {
        boolean existed = Files.exists(file);
        FileChannel ch = FileChannel.open(file, options);
        if (!existed) {
            directory = file.getParent();
            forcedContent.remove(name(file)); // a new inode: nothing of it is on the device yet
            operations.add("create " + name(file));
        }
        return ch;
    }

    @Override
    public synchronized void force(Path file, FileChannel channel) throws IOException {
        channel.force(false);
        forcedContent.put(name(file), Files.readAllBytes(file));
        operations.add("force " + name(file));
    }

    @Override
    public synchronized void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
        operations.add("delete " + name(file));
    }

    @Override
    public synchronized void syncDirectory(Path dir) throws IOException {
        operations.add("syncdir " + dir.getFileName());
        if (honourDirectorySync && dir.equals(directory)) {
            durableNames.clear();
            durableNames.addAll(liveNames());
        }
    }

    synchronized List<String> operations() {
        return new ArrayList<>(operations);
    }

    /** Files created or deleted since the last directory sync: what a power cut now could undo. */
    synchronized Set<String> unsyncedDirectoryChanges() throws IOException {
        Set<String> live = liveNames();
        Set<String> changed = new HashSet<>(live);
        changed.addAll(durableNames);
        Set<String> both = new HashSet<>(live);
        both.retainAll(durableNames);
        changed.removeAll(both);
        return changed;
    }

    /** Writes into {@code target} what the device would hold after a power cut at this moment. */
    synchronized void powerCutImage(Path target) throws IOException {
        Files.createDirectories(target);
        for (String name : durableNames) {
            Files.write(target.resolve(name), forcedContent.getOrDefault(name, new byte[0]));
        }
    }

    private Set<String> liveNames() throws IOException {
        Set<String> names = new HashSet<>();
        try (Stream<Path> s = Files.list(directory)) {
            s.map(PowerCutFiles::name).filter(n -> !n.equals(DirectoryLock.FILE)).forEach(names::add);
        }
        return names;
    }

    private static String name(Path file) {
        return file.getFileName().toString();
    }
}
