package io.plantwire.store.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One segment file of the log: a header, then records at positions {@code base .. base + count - 1}. Guarded by
 * the queue's lock, like all of the queue's state.
 */
final class Segment {

    static final int MAGIC = 0x50575131; // "PWQ1"
    static final int VERSION = 1;
    static final int HEADER = 16; // magic, version, base position
    static final String SUFFIX = ".seg";

    final long base;
    final Path path;
    FileChannel channel;
    long count;
    long size;
    /** Written since it was last forced. */
    boolean dirty;

    Segment(long base, Path path, FileChannel channel) {
        this.base = base;
        this.path = path;
        this.channel = channel;
    }

    /** The position after this segment's last record. */
    long end() {
        return base + count;
    }

    /** The file name of the segment that starts at {@code base}, in {@code directory}. */
    static Path path(Path directory, long base) {
        return directory.resolve(String.format("%020d%s", base, SUFFIX));
    }

    /** Creates the file with its header; the header is forced with the first records. */
    static Segment create(StoreFiles files, Path directory, long base) throws IOException {
        Path path = path(directory, base);
        FileChannel ch = files.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        ByteBuffer h = ByteBuffer.allocate(HEADER);
        h.putInt(MAGIC).putInt(VERSION).putLong(base).flip();
        while (h.hasRemaining()) {
            ch.write(h, h.position());
        }
        Segment s = new Segment(base, path, ch);
        s.size = HEADER;
        s.dirty = true;
        return s;
    }

    /** Whether {@code header} (read from the file's start) is a segment header for {@code base}. */
    static boolean validHeader(ByteBuffer header, long base) {
        return header.remaining() >= HEADER && header.getInt() == MAGIC && header.getInt() == VERSION
                && header.getLong() == base;
    }

    /** Reads until {@code b} is full or the file ends. */
    static void readFully(FileChannel ch, ByteBuffer b, long offset) throws IOException {
        long at = offset;
        while (b.hasRemaining()) {
            int r = ch.read(b, at);
            if (r < 0) {
                return;
            }
            at += r;
        }
    }
}
