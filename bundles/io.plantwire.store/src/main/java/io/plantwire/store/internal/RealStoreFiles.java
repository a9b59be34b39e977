package io.plantwire.store.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/** {@link StoreFiles} on the real file system: a directory is forced by opening it read-only and forcing that channel. */
final class RealStoreFiles implements StoreFiles {

    // Windows cannot open a directory as a file; NTFS journals directory changes itself.
    private static final boolean DIRECTORIES_CAN_BE_FORCED = !System.getProperty("os.name", "")
            .toLowerCase(Locale.ROOT).startsWith("windows");

    @Override
    public FileChannel open(Path file, OpenOption... options) throws IOException {
        return FileChannel.open(file, options);
    }

    @Override
    public void force(Path file, FileChannel channel) throws IOException {
        channel.force(false);
    }

    @Override
    public void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
    }

    @Override
    public void syncDirectory(Path directory) throws IOException {
        if (!DIRECTORIES_CAN_BE_FORCED) {
            return;
        }
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true); // fsync(2) on the directory's descriptor: its entries reach the device
        }
    }
}
