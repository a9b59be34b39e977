package io.plantwire.store.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The checkpoint file: the head position in two checksummed slots, written alternately with a growing generation,
 * so a torn write leaves the other slot intact and the newer intact one wins on open. Guarded by the queue's lock.
 */
final class Checkpoint {

    static final String FILE = "checkpoint";
    static final int MAGIC = 0x50574350; // "PWCP"
    static final int SLOT = 32;

    private final StoreFiles files;
    private final Path path;
    private final ByteBuffer buffer = ByteBuffer.allocate(SLOT);
    private FileChannel channel;
    private long generation;
    private boolean closed;

    Checkpoint(StoreFiles files, Path directory) throws IOException {
        this.files = files;
        this.path = directory.resolve(FILE);
        this.channel = files.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
    }

    /** The head of the newest intact slot, or -1 if neither slot is intact (a new or damaged file). */
    long read() throws IOException {
        long best = -1;
        long bestGeneration = -1;
        for (int slot = 0; slot < 2; slot++) {
            ByteBuffer b = ByteBuffer.allocate(SLOT);
            Segment.readFully(channel, b, (long) slot * SLOT);
            if (b.position() < SLOT) {
                continue;
            }
            b.flip();
            int magic = b.getInt();
            b.getInt();
            long slotGeneration = b.getLong();
            long head = b.getLong();
            int stored = b.getInt();
            if (magic == MAGIC && (int) checksum(b) == stored && slotGeneration > bestGeneration) {
                best = head;
                bestGeneration = slotGeneration;
            }
        }
        generation = Math.max(0, bestGeneration);
        return best;
    }

    /** Writes {@code head} into the older of the two slots; not forced. */
    void write(long head) throws IOException {
        long next = ++generation;
        ByteBuffer b = buffer.clear();
        b.putInt(MAGIC).putInt(0).putLong(next).putLong(head);
        b.putInt((int) checksum(b)).putInt(0).flip();
        long at = (next & 1) * SLOT;
        while (b.hasRemaining()) {
            at += io().write(b, at);
        }
    }

    void force() throws IOException {
        files.force(path, io());
    }

    Path path() {
        return path;
    }

    FileChannel channel() {
        return channel;
    }

    void close() throws IOException {
        closed = true;
        channel.close();
    }

    /** CRC-32C of a slot's first 24 bytes (magic, reserved, generation, head). */
    private static long checksum(ByteBuffer slot) {
        CRC32C c = new CRC32C();
        c.update(slot.array(), 0, 24);
        return c.getValue();
    }

    /** The channel, reopened if an interrupt closed it (see the queue's segment channels). */
    private FileChannel io() throws IOException {
        if (!channel.isOpen() && !closed) {
            channel = files.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        return channel;
    }
}
