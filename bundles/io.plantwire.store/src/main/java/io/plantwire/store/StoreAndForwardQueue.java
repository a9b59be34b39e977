package io.plantwire.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.osgi.annotation.versioning.ProviderType;

import io.plantwire.store.internal.SegmentedLogQueue;

/**
 * A crash-safe FIFO queue of byte records in one directory, for store-and-forward delivery.
 *
 * <p><b>Life of a record.</b> A producer {@link #append appends} it and gets its position. A consumer
 * {@link #read reads} records from the head without removing them, delivers them, and once the destination has
 * acknowledged them calls {@link #acknowledge(long)} with the last delivered position; acknowledged records are
 * gone for good, and whole segment files of them are deleted. Records read but not acknowledged before a crash or
 * restart are read again: delivery is at least once.
 *
 * <p><b>Crash safety.</b> When {@code append} returns, the record has been written to the operating system: it
 * survives a crash or {@code kill -9} of the JVM. Whether it also survives a power cut depends on the
 * {@link FsyncPolicy}. Every record carries a CRC-32C; on {@link #open} a torn record at the end of the log (the
 * write a crash interrupted) is detected and cut off, so the queue reopens with every completely written record, in
 * order. The acknowledged position is kept in a checkpoint file; after a crash it may lag a little, so a few
 * acknowledged records can be delivered again.
 *
 * <p><b>Bounds.</b> The records between head and tail never occupy more than {@link QueueOptions#maxBytes()};
 * when an append would exceed it, the {@link OverflowPolicy} drops the oldest records or rejects the new one, and
 * counts them.
 *
 * <p><b>Threads.</b> All methods are thread-safe. The usual shape is producers appending on their threads and one
 * consumer thread reading, waiting in {@link #awaitRecords} and acknowledging. A consumer may keep several batches
 * in flight by reading from the position after its last read rather than from the head.
 *
 * <p>Only one open queue may use a directory at a time; {@link #open} fails if the directory is locked by another
 * queue, in this process or another.
 */
@ProviderType
public interface StoreAndForwardQueue extends Closeable {

    /**
     * Opens (creating it if needed) the queue in a directory, recovering what a previous run left there.
     *
     * @param directory the queue's own directory; created with its parents if missing
     * @param options bounds and fsync policy; they may differ from the previous run's (a smaller bound takes
     *        effect on the next append)
     * @return the open queue
     * @throws IOException if the directory cannot be used or is locked by another open queue
     */
    static StoreAndForwardQueue open(Path directory, QueueOptions options) throws IOException {
        return SegmentedLogQueue.open(directory, options);
    }

    /**
     * Stores one record at the tail.
     *
     * @param record the bytes; copied before this method returns, may be empty
     * @return the record's position
     * @throws StoreFullException when the queue is full and the policy is {@link OverflowPolicy#REJECT_NEW}, or
     *         the record alone is larger than {@link QueueOptions#maxBytes()}; the record was not stored
     * @throws IOException when the write failed; the record was not stored
     * @throws IllegalStateException when the queue is closed
     */
    default long append(byte[] record) throws IOException {
        return append(record, 0, record.length);
    }

    /**
     * Stores {@code length} bytes of {@code buffer} from {@code offset} as one record at the tail: a sink appends
     * straight from its encode buffer, without a copy of the record's exact length (since 1.1.0).
     *
     * @return the record's position
     * @throws IndexOutOfBoundsException when the range is not inside {@code buffer}; nothing was stored
     * @throws StoreFullException as {@link #append(byte[])}
     * @throws IOException as {@link #append(byte[])}
     * @throws IllegalStateException when the queue is closed
     */
    long append(byte[] buffer, int offset, int length) throws IOException;

    /**
     * Reads records without removing them.
     *
     * @param fromPosition the first position wanted; a position before the head (acknowledged or dropped meanwhile)
     *        reads from the head
     * @param maxRecords the most records to return, at least 1
     * @param maxBytes the most payload bytes to return; the first record is returned even if it is larger
     * @return the records from {@code max(fromPosition, head)} on, in order, without gaps; empty when there are
     *         none yet
     * @throws IOException when reading the log fails
     * @throws IllegalStateException when the queue is closed
     */
    List<StoredRecord> read(long fromPosition, int maxRecords, long maxBytes) throws IOException;

    /**
     * Reads records without removing them, as {@link #read(long, int, long)}, and hands each record's bytes to
     * {@code decoder} instead of copying them into a {@link StoredRecord}: a sink turns them straight into what it
     * sends, without a {@link StoredRecord} per record (since 1.1.0).
     *
     * <p>The decoder runs on the calling thread, after the records were copied out of the log and the queue's lock
     * was released, so appends do not wait for it. It must not call this queue. A read may return fewer records
     * than {@code maxRecords} and {@code maxBytes} allow (the implementation bounds the bytes one read copies); the
     * first available record is always returned.
     *
     * @return what the decoder made of each record, in order
     * @throws IOException when reading the log fails; nothing is returned
     * @throws IllegalStateException when the queue is closed
     */
    <T> List<T> read(long fromPosition, int maxRecords, long maxBytes, RecordDecoder<T> decoder) throws IOException;

    /**
     * Turns one stored record into what its consumer sends, during {@link #read(long, int, long, RecordDecoder)}.
     *
     * @param <T> what the consumer sends
     */
    @FunctionalInterface
    @org.osgi.annotation.versioning.ConsumerType
    interface RecordDecoder<T> {
        /**
         * @param position the record's position
         * @param appendedAtMillis when it was appended, milliseconds since the epoch
         * @param bytes the record's bytes, read-only, from its position to its limit; valid only during this call
         * @return what the record becomes; an undecodable record should become a value that says so (with a copy
         *         of its bytes for the dead letters), because an exception ends the whole read
         */
        T decode(long position, long appendedAtMillis, java.nio.ByteBuffer bytes);
    }

    /**
     * Waits until a record at or after {@code fromPosition} is stored, the timeout passes or the queue is closed.
     *
     * @return true when such a record is stored
     * @throws InterruptedException when the waiting thread is interrupted
     */
    boolean awaitRecords(long fromPosition, long timeout, TimeUnit unit) throws InterruptedException;

    /**
     * Removes every record up to and including {@code position} for good. Acknowledging a position before the
     * head does nothing.
     *
     * @throws IllegalArgumentException when {@code position} is at or after the tail (never appended)
     * @throws IOException when the checkpoint cannot be written
     */
    void acknowledge(long position) throws IOException;

    /** The position of the oldest unacknowledged record; equals {@link #tailPosition()} when the queue is empty. */
    long headPosition();

    /** The position the next appended record will get. */
    long tailPosition();

    /** A snapshot of sizes and counters. */
    QueueStats stats();

    /** The directory the queue lives in. */
    Path directory();

    /** The options the queue was opened with. */
    QueueOptions options();

    /**
     * Forces everything appended so far to the device, regardless of the {@link FsyncPolicy}.
     *
     * @throws IOException when the force fails
     */
    void sync() throws IOException;

    /**
     * Forces outstanding data to the device, writes the checkpoint, stops the fsync thread and releases the
     * directory. Threads waiting in {@link #awaitRecords} return. Further calls do nothing.
     */
    @Override
    void close() throws IOException;
}
