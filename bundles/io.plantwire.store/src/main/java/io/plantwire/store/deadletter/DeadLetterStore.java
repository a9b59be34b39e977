package io.plantwire.store.deadletter;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.plantwire.store.FsyncPolicy;
import io.plantwire.store.OverflowPolicy;
import io.plantwire.store.QueueOptions;
import io.plantwire.store.QueueStats;
import io.plantwire.store.StoreAndForwardQueue;
import io.plantwire.store.StoredRecord;

/**
 * A bounded, persistent store of {@link DeadLetter}s in one directory, built on a {@link StoreAndForwardQueue}
 * (same segment format, same crash recovery). Every dead letter is forced to the device before {@link #add}
 * returns, so a sink may acknowledge the record in its own queue right after. Thread-safe.
 *
 * <p>Record format (version 1), inside a queue record: {@code byte 1, long refusedAt epoch millis, UTF destination,
 * UTF code, UTF reason, int payload length, payload} (UTF as {@link DataOutputStream#writeUTF}; each text is cut
 * to {@value #MAX_TEXT} characters).
 */
public final class DeadLetterStore implements Closeable {

    /** Longest destination, code or reason kept, in characters. */
    public static final int MAX_TEXT = 1000;

    private static final byte FORMAT = 1;

    private final StoreAndForwardQueue queue;
    private final DeadLetterOptions options;
    private long added;
    private long evicted;
    private long discarded;
    private long replayed;

    private DeadLetterStore(StoreAndForwardQueue queue, DeadLetterOptions options) {
        this.queue = queue;
        this.options = options;
    }

    /**
     * Opens (creating it if needed) the dead-letter store in a directory of its own; what a previous run stored is
     * kept. Bounds smaller than what is stored take effect on the next {@link #add}.
     *
     * @throws IOException when the directory cannot be used or is in use by another open store
     */
    public static DeadLetterStore open(Path directory, DeadLetterOptions options) throws IOException {
        // REJECT_NEW: this class applies its own policy before the queue could drop anything silently
        QueueOptions q = QueueOptions.defaults().withMaxBytes(options.maxBytes())
                .withOverflowPolicy(OverflowPolicy.REJECT_NEW).withFsyncPolicy(FsyncPolicy.EVERY_WRITE);
        return new DeadLetterStore(StoreAndForwardQueue.open(directory, q), options);
    }

    /**
     * Stores a refused record, forced to the device, evicting the oldest dead letters if the policy says so.
     *
     * @param payload the record as the sink keeps it in its queue
     * @param destination where it was going; null is empty
     * @param code the refusal code; null is empty
     * @param reason the refusal message; null is empty
     * @return true when stored; false when discarded (full under {@link DeadLetterFullPolicy#DROP_NEW}, or larger
     *         than the byte bound alone), which is counted in {@link DeadLetterStats#discarded()}
     * @throws IOException when writing failed; nothing was stored and nothing counted
     */
    public synchronized boolean add(byte[] payload, String destination, String code, String reason)
            throws IOException {
        byte[] envelope = encode(Instant.now(), destination, code, reason, payload);
        long need = envelope.length + 16L;
        if (need > options.maxBytes()) {
            discarded++;
            return false;
        }
        QueueStats s = queue.stats();
        long records = s.records();
        long bytes = s.bytes();
        while (records > 0 && (records >= options.maxRecords() || bytes + need > options.maxBytes())) {
            if (options.fullPolicy() == DeadLetterFullPolicy.DROP_NEW) {
                discarded++;
                return false;
            }
            queue.acknowledge(queue.headPosition());
            evicted++;
            s = queue.stats();
            records = s.records();
            bytes = s.bytes();
        }
        queue.append(envelope);
        added++;
        return true;
    }

    /** The oldest dead letters, at most {@code max}, without removing them. */
    public synchronized List<DeadLetter> peek(int max) throws IOException {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, got " + max);
        }
        List<DeadLetter> out = new ArrayList<>();
        long from = queue.headPosition();
        while (out.size() < max) {
            List<StoredRecord> batch = queue.read(from, max - out.size(), 4L << 20);
            if (batch.isEmpty()) {
                break;
            }
            for (StoredRecord r : batch) {
                out.add(decode(r));
            }
            from = batch.get(batch.size() - 1).position() + 1;
        }
        return out;
    }

    /** Where a replay puts a record: the sink's queue. */
    @FunctionalInterface
    public interface ReplayTarget {
        /** Appends the record; throws when it was not stored. */
        void append(byte[] payload) throws IOException;
    }

    /**
     * Hands the oldest {@code max} dead letters to {@code target} in order and removes each after the target took
     * it. A crash in between leaves the record in both places (a duplicate, never a loss).
     *
     * @return how many were replayed
     * @throws IOException when the target refused one: those before it are replayed and removed, the rest stay
     */
    public synchronized int replay(int max, ReplayTarget target) throws IOException {
        List<DeadLetter> letters = peek(max);
        int done = 0;
        try {
            for (DeadLetter d : letters) {
                target.append(d.payload());
                done++;
            }
        } finally {
            if (done > 0) {
                queue.acknowledge(letters.get(done - 1).position());
                replayed += done;
            }
        }
        return done;
    }

    /** Sizes and counters. */
    public synchronized DeadLetterStats stats() {
        QueueStats s = queue.stats();
        return new DeadLetterStats(s.records(), s.bytes(), added, evicted, discarded, replayed,
                options.maxRecords(), options.maxBytes());
    }

    /** The options the store was opened with. */
    public DeadLetterOptions options() {
        return options;
    }

    /** Releases the directory. */
    @Override
    public synchronized void close() throws IOException {
        queue.close();
    }

    static byte[] encode(Instant at, String destination, String code, String reason, byte[] payload) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length + 64);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT);
            out.writeLong(at.toEpochMilli());
            out.writeUTF(cut(destination));
            out.writeUTF(cut(code));
            out.writeUTF(cut(reason));
            out.writeInt(payload.length);
            out.write(payload);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e); // cannot happen in memory
        }
    }

    private static DeadLetter decode(StoredRecord r) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(r.payload()));
        byte format = in.readByte();
        if (format != FORMAT) {
            throw new IOException("dead letter " + r.position() + " has unknown format " + format);
        }
        Instant at = Instant.ofEpochMilli(in.readLong());
        String destination = in.readUTF();
        String code = in.readUTF();
        String reason = in.readUTF();
        byte[] payload = new byte[in.readInt()];
        in.readFully(payload);
        return new DeadLetter(r.position(), at, destination, code, reason, payload);
    }

    private static String cut(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT);
    }
}
