package io.plantwire.store.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * The few file-system operations whose durability the queue depends on, as a seam: the real one below, and in the
 * tests one that records their order and can simulate a power cut (keeping only what was forced and whose directory
 * entry was synced).
 *
 * <p>Writes and reads go straight to the returned channels; what a power cut keeps of a file's content is decided by
 * {@link #force}, and whether the file exists at all afterwards (created, or deleted) by {@link #syncDirectory}.
 */
interface StoreFiles {

    /** Opens (or creates, as the options say) a file of the queue. */
    FileChannel open(Path file, OpenOption... options) throws IOException;

    /** Forces the file's content to the device ({@code fdatasync}). */
    void force(Path file, FileChannel channel) throws IOException;

    /** Deletes the file if it exists. */
    void delete(Path file) throws IOException;

    /**
     * Forces the directory itself, so that files created or deleted in it before this call stay created or deleted
     * after a power cut. A file whose content was forced but whose directory entry was not can vanish.
     */
    void syncDirectory(Path directory) throws IOException;

    /** The operating system's file system. */
    StoreFiles REAL = new RealStoreFiles();
}
