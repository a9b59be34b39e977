package io.plantwire.store.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.plantwire.store.StoreAndForwardQueue.RecordDecoder;

/**
 * The records of one read, copied out of the log while the queue is locked and decoded after it is released, so
 * appends do not wait for a consumer's decoding (docs/decisions/store-read-outside-lock.md). One buffer, reused
 * from read to read; not thread-safe: the queue lets one reader at a time use it.
 *
 * <p>A read takes at most {@value #MAX_KEPT_BYTES} bytes of records ({@link #fits}), except its first record, which
 * is taken whatever its size; a buffer grown past that bound for such a record is not kept after the read.
 */
final class CopiedRecords {

    /** The most bytes of records one read copies (unless its first record alone is larger), and keeps between reads. */
    static final int MAX_KEPT_BYTES = 128 * 1024;

    private static final int INITIAL_BYTES = 4096;

    private byte[] bytes = new byte[INITIAL_BYTES];
    private int used;
    private long[] positions = new long[16];
    private long[] appendedAt = new long[16];
    private int[] offsets = new int[16];
    private int count;

    int count() {
        return count;
    }

    /** Whether a record of {@code length} bytes may still be added to this read. */
    boolean fits(int length) {
        return count == 0 || used + (long) length <= MAX_KEPT_BYTES;
    }

    /** Copies the record's bytes (position to limit of {@code record}; the buffer is not moved). */
    void add(long position, long appendedAtMillis, ByteBuffer record) {
        int length = record.remaining();
        if (used + length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(used + length, Math.min(2 * bytes.length, MAX_KEPT_BYTES)));
        }
        if (count == positions.length) {
            int n = 2 * count;
            positions = Arrays.copyOf(positions, n);
            appendedAt = Arrays.copyOf(appendedAt, n);
            offsets = Arrays.copyOf(offsets, n);
        }
        record.get(record.position(), bytes, used, length);
        positions[count] = position;
        appendedAt[count] = appendedAtMillis;
        offsets[count] = used;
        used += length;
        count++;
    }

    /** Hands every copied record to the decoder, in order, each as a read-only buffer from its position to limit. */
    <T> List<T> decode(RecordDecoder<T> decoder) {
        List<T> out = new ArrayList<>(count);
        ByteBuffer view = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
        for (int i = 0; i < count; i++) {
            int end = i + 1 < count ? offsets[i + 1] : used;
            view.clear().limit(end).position(offsets[i]);
            out.add(decoder.decode(positions[i], appendedAt[i], view));
        }
        return out;
    }

    /** Forgets the records; a buffer grown past {@link #MAX_KEPT_BYTES} for one large record is let go. */
    void clear() {
        used = 0;
        count = 0;
        if (bytes.length > MAX_KEPT_BYTES) {
            bytes = new byte[INITIAL_BYTES];
        }
    }
}
