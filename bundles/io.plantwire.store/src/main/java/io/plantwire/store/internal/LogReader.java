package io.plantwire.store.internal;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Copies records out of the log for a read ({@link CopiedRecords}), and remembers where the last read ended, so that
 * the next read from there (a consumer reading on) starts without counting its way through the segment. Guarded by
 * the queue's lock, like all of the queue's state.
 */
final class LogReader {

    private final SegmentChain segments;
    private final ChunkCache cache;
    /** Where the last read ended: the position after its last record, and that position's place in the files. */
    private long cursorPosition = -1;
    private Segment cursorSegment;
    private long cursorOffset;

    LogReader(SegmentChain segments, ChunkCache cache) {
        this.segments = segments;
        this.cache = cache;
    }

    /**
     * Copies up to {@code maxRecords} records, and at most {@code maxBytes} of them (the first one always), from
     * {@code from} on into {@code into}. {@code from} is at or after the head, and before the tail.
     *
     * @param head where the head record lies: {@code head} is its position, at {@code headOffset} in {@code headSegment}
     */
    void copy(long from, long head, Segment headSegment, long headOffset, int maxRecords, long maxBytes,
            CopiedRecords into) throws IOException {
        long tail = segments.active().end();
        Segment s;
        long offset;
        long position = from;
        if (from == head) {
            s = headSegment;
            offset = headOffset;
        } else if (from == cursorPosition && cursorSegment != null && cursorSegment.channel.isOpen()) {
            s = cursorSegment;
            offset = cursorOffset;
        } else {
            s = segments.containing(from);
            if (position < s.base) {
                position = s.base; // in a gap left by a damaged segment
            }
            offset = Segment.HEADER;
            for (long p = s.base; p < position; p++) {
                offset += RecordCodec.HEADER + cache.lengthAt(s, offset);
            }
        }
        long bytes = 0;
        while (into.count() < maxRecords && position < tail) {
            if (offset >= s.size) {
                s = segments.next(s);
                offset = Segment.HEADER;
                position = s.base;
                continue;
            }
            ByteBuffer h = cache.view(s, offset, RecordCodec.HEADER);
            int len = h.getInt();
            h.getInt();
            long at = h.getLong();
            if (into.count() > 0 && (bytes + len > maxBytes || !into.fits(len))) {
                break;
            }
            into.add(position, at, cache.view(s, offset + RecordCodec.HEADER, len));
            bytes += len;
            offset += RecordCodec.HEADER + len;
            position++;
        }
        cursorPosition = position;
        cursorSegment = s;
        cursorOffset = offset;
    }

    /** {@code s} is deleted: a read ending in it is forgotten. */
    void forget(Segment s) {
        if (cursorSegment == s) {
            cursorSegment = null;
            cursorPosition = -1;
        }
    }
}
