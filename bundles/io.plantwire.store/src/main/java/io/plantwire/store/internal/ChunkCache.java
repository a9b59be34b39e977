package io.plantwire.store.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads of the log through one chunk of one segment kept in memory: a consumer reading on, and the head moving over
 * records, mostly read bytes already in the chunk. Safe without invalidation on writes because written bytes are
 * never changed, only appended or deleted with their whole segment ({@link #forget}). Guarded by the queue's lock.
 */
final class ChunkCache {

    /** The segment's channel as the queue hands it out (reopened after an interrupt closed it). */
    interface Channels {
        FileChannel of(Segment s) throws IOException;
    }

    static final int CHUNK = 256 * 1024;

    private final Channels channels;
    private final ByteBuffer cache = ByteBuffer.allocate(CHUNK);
    // valid for segment's bytes [start, start + cache.limit())
    private Segment segment;
    private long start;

    ChunkCache(Channels channels) {
        this.channels = channels;
    }

    /** The length field of the record at {@code offset}. */
    int lengthAt(Segment s, long offset) throws IOException {
        return view(s, offset, 4).getInt();
    }

    /** A buffer positioned at {@code n} bytes of the segment from {@code offset}, from the chunk if possible. */
    ByteBuffer view(Segment s, long offset, int n) throws IOException {
        if (s == segment && offset >= start && offset + n <= start + cache.limit()) {
            ByteBuffer v = cache.duplicate();
            v.position((int) (offset - start)).limit((int) (offset - start) + n);
            return v;
        }
        if (n > CHUNK) {
            ByteBuffer big = ByteBuffer.allocate(n);
            Segment.readFully(channels.of(s), big, offset);
            if (big.position() < n) {
                throw new IOException("store segment " + s.path + " ends inside a record at offset " + offset);
            }
            return big.flip();
        }
        cache.clear();
        cache.limit((int) Math.min(CHUNK, Math.max(n, s.size - offset)));
        Segment.readFully(channels.of(s), cache, offset);
        cache.flip();
        segment = s;
        start = offset;
        if (cache.limit() < n) {
            invalidate();
            throw new IOException("store segment " + s.path + " ends inside a record at offset " + offset);
        }
        ByteBuffer v = cache.duplicate();
        v.position(0).limit(n);
        return v;
    }

    /** The segment was deleted or cut short: its bytes in the chunk are no longer true. */
    void forget(Segment s) {
        if (segment == s) {
            invalidate();
        }
    }

    private void invalidate() {
        segment = null;
        cache.clear().limit(0);
    }
}
