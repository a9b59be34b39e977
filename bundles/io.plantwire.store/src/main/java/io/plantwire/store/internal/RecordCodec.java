package io.plantwire.store.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * A record on disk: payload length, CRC-32C, appended-at millis (16 bytes), then the payload. The checksum covers
 * the length, the time and the payload. Keeps its checksum state and write buffer between calls; guarded by the
 * queue's lock.
 */
final class RecordCodec {

    static final int HEADER = 16;

    private final CRC32C crc = new CRC32C();
    private final ByteBuffer crcHead = ByteBuffer.allocate(12); // length and time, checksummed with the payload
    private final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(64 * 1024);

    /**
     * Writes one record at {@code offset} with one positional write. On failure the file is cut back to
     * {@code offset}, so no partial record is left for the next append to follow.
     */
    void write(FileChannel ch, long offset, byte[] payload, int from, int len, long appendedAtMillis)
            throws IOException {
        crc.reset();
        crcHeader(len, appendedAtMillis);
        crc.update(payload, from, len);
        ByteBuffer b = len + HEADER <= writeBuffer.capacity() ? writeBuffer.clear() : ByteBuffer.allocate(len + HEADER);
        b.putInt(len).putInt((int) crc.getValue()).putLong(appendedAtMillis).put(payload, from, len).flip();
        try {
            long pos = offset;
            while (b.hasRemaining()) {
                pos += ch.write(b, pos);
            }
        } catch (IOException e) {
            try {
                ch.truncate(offset);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Whether {@code payload} with this length and time matches the checksum stored with it. */
    boolean intact(int len, long appendedAtMillis, int storedCrc, ByteBuffer payload) {
        crc.reset();
        crcHeader(len, appendedAtMillis);
        crc.update(payload);
        return (int) crc.getValue() == storedCrc;
    }

    private void crcHeader(int len, long at) {
        crc.update(crcHead.clear().putInt(len).putLong(at).flip());
    }
}
