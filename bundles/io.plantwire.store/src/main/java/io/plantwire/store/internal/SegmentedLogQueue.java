package io.plantwire.store.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.plantwire.store.FsyncPolicy;
import io.plantwire.store.OverflowPolicy;
import io.plantwire.store.QueueOptions;
import io.plantwire.store.QueueStats;
import io.plantwire.store.StoreAndForwardQueue;
import io.plantwire.store.StoreAndForwardQueue.RecordDecoder;
import io.plantwire.store.StoreFullException;
import io.plantwire.store.StoredRecord;

/**
 * The queue as a segmented log: numbered segment files ({@link Segment}) of CRC-protected records
 * ({@link RecordCodec}) plus a checkpoint file holding the head position ({@link Checkpoint}). See docs/store.md for
 * the file format. Opening checks every record ({@link SegmentScan}); this class keeps the head, the tail and the
 * counters and moves them. The segment files are {@link SegmentChain}'s to create, force and delete; copying records
 * out for a read, and remembering where the last read ended, is {@link LogReader}'s.
 *
 * <p>One lock guards all state, that of the helpers included. Appends are a single positional write each (no
 * user-space buffering), which is what makes a returned append survive {@code kill -9}; reads go through a chunk
 * cache ({@link ChunkCache}), which is safe without invalidation because written bytes are never changed, only
 * appended or deleted with their whole segment. A read holds the lock only while it copies its records out
 * ({@link CopiedRecords}); the consumer's decoder runs after the lock is released.
 */
public final class SegmentedLogQueue implements StoreAndForwardQueue {

    private static final Logger LOG = Logger.getLogger(SegmentedLogQueue.class.getName());

    private static final int SEGMENT_HEADER = Segment.HEADER;
    private static final int RECORD_HEADER = RecordCodec.HEADER;

    private final Path directory;
    private final QueueOptions options;
    private final StoreFiles files;
    private final boolean durableDirectory; // every policy but NEVER syncs the directory after creates and deletes
    private final long segmentBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appendedSignal = lock.newCondition();
    private final SegmentChain segments;
    private final DirectoryLock directoryLock;
    private final Checkpoint checkpoint;
    private final ScheduledExecutorService fsyncThread;
    private final RecordCodec codec = new RecordCodec();
    private final ChunkCache cache;
    private final LogReader reader;
    // a read copies its records out under the lock and decodes them after it (appends do not wait for decoding);
    // readers take turns on the copy
    private final ReentrantLock readerLock = new ReentrantLock();
    private final CopiedRecords readCopy = new CopiedRecords();

    private long headPosition;
    private Segment headSegment;
    private long headOffset;
    private long headAppendedAt = -1;
    private long liveRecords;
    private long liveBytes;

    private long appended;
    private long acknowledged;
    private long dropped;
    private long rejected;
    private long discardedOnOpen;
    private int unsyncedRecords;
    private boolean checkpointDirty;
    private boolean closed;

    private SegmentedLogQueue(Path directory, QueueOptions options, StoreFiles files, DirectoryLock directoryLock)
            throws IOException {
        this.directory = directory;
        this.options = options;
        this.files = files;
        this.durableDirectory = options.fsyncPolicy() != FsyncPolicy.NEVER;
        this.segmentBytes = options.effectiveSegmentBytes();
        this.directoryLock = directoryLock;
        this.checkpoint = new Checkpoint(files, directory);
        this.segments = new SegmentChain(files, directory, durableDirectory);
        this.cache = new ChunkCache(segments::io);
        this.reader = new LogReader(segments, cache);
        ScheduledExecutorService flusher = null;
        if (options.fsyncPolicy() == FsyncPolicy.INTERVAL) {
            String name = "plantwire-store-fsync " + directory.getFileName();
            flusher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true); // a forgotten close must not keep the framework from stopping
                return t;
            });
        }
        this.fsyncThread = flusher;
    }

    /** See {@link StoreAndForwardQueue#open}. */
    public static SegmentedLogQueue open(Path directory, QueueOptions options) throws IOException {
        return open(directory, options, StoreFiles.REAL);
    }

    /** Opens the queue on a given file-system seam (tests simulate power cuts with it). */
    static SegmentedLogQueue open(Path directory, QueueOptions options, StoreFiles files) throws IOException {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(options, "options");
        boolean created = !Files.isDirectory(directory);
        Files.createDirectories(directory);
        Path parent = directory.toAbsolutePath().getParent();
        if (created && options.fsyncPolicy() != FsyncPolicy.NEVER && parent != null) {
            files.syncDirectory(parent); // the new directory's own entry
        }
        DirectoryLock directoryLock = DirectoryLock.acquire(directory);
        SegmentedLogQueue q = null;
        try {
            q = new SegmentedLogQueue(directory, options, files, directoryLock);
            q.recover();
            if (q.fsyncThread != null) {
                SegmentedLogQueue queue = q;
                q.fsyncThread.scheduleWithFixedDelay(queue::syncQuietly, options.fsyncIntervalMillis(),
                        options.fsyncIntervalMillis(), TimeUnit.MILLISECONDS);
            }
            return q;
        } catch (IOException | RuntimeException e) {
            if (q != null) {
                q.closeFiles();
            } else {
                directoryLock.close();
            }
            throw e;
        }
    }

    // ---------------------------------------------------------------- recovery

    private void recover() throws IOException {
        SegmentScan scan = new SegmentScan(files, directory, cache, codec);
        long checkpointHead = checkpoint.read();
        segments.open(scan.segments(), Math.max(0, checkpointHead));
        discardedOnOpen += scan.discardedBytes();
        long head = Math.min(Math.max(checkpointHead, segments.first().base), segments.active().end());
        // segments wholly before the head are consumed leftovers (a crash between checkpoint and delete)
        while (segments.size() > 1 && segments.first().end() <= head) {
            segments.discardFirst();
        }
        headSegment = segments.first();
        if (head < headSegment.base) {
            head = headSegment.base; // the checkpointed head fell in a gap left by a damaged segment
        }
        headPosition = headSegment.base;
        headOffset = SEGMENT_HEADER;
        liveRecords = 0;
        liveBytes = 0;
        for (Segment s : segments) {
            liveRecords += s.count;
            liveBytes += s.size - SEGMENT_HEADER;
        }
        advanceHead(head - headPosition);
        checkpointDirty = true;
        writeCheckpoint();
        if (durableDirectory) {
            // the checkpoint's and a first segment's creation, and whatever recovery deleted, must outlive a power cut
            checkpoint.force();
            files.syncDirectory(directory);
        }
    }

    // ---------------------------------------------------------------- append

    @Override
    public long append(byte[] buffer, int offset, int length) throws IOException {
        Objects.requireNonNull(buffer, "record");
        Objects.checkFromIndexSize(offset, length, buffer.length);
        boolean interrupted = Thread.interrupted(); // a pending interrupt would close the file under us
        try {
            return doAppend(buffer, offset, length);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private long doAppend(byte[] record, int from, int length) throws IOException {
        long need = (long) RECORD_HEADER + length;
        lock.lock();
        try {
            checkOpen();
            if (need > options.maxBytes()) {
                rejected++;
                throw new StoreFullException("record of " + length + " bytes is larger than the store ("
                        + options.maxBytes() + " bytes)");
            }
            if (liveBytes + need > options.maxBytes()) {
                if (options.overflowPolicy() == OverflowPolicy.REJECT_NEW) {
                    rejected++;
                    throw new StoreFullException("store " + directory + " is full (" + liveRecords + " records, "
                            + liveBytes + " of " + options.maxBytes() + " bytes)");
                }
                long n = 0;
                while (liveBytes + need > options.maxBytes()) {
                    advanceHead(1);
                    n++;
                }
                dropped += n;
                checkpointDirty = true;
                writeCheckpoint();
            }
            Segment active = active();
            if (active.count > 0 && active.size + need > segmentBytes) {
                active = roll();
            }
            long now = System.currentTimeMillis();
            long offset = active.size;
            codec.write(io(active), offset, record, from, length, now);
            active.size += need;
            active.count++;
            long position = active.end() - 1;
            if (liveRecords == 0) {
                headSegment = active;
                headOffset = offset;
                headPosition = position;
                headAppendedAt = now;
            }
            liveRecords++;
            liveBytes += need;
            appended++;
            switch (options.fsyncPolicy()) {
                case EVERY_WRITE:
                    files.force(active.path, io(active));
                    active.dirty = false;
                    break;
                case EVERY_N_RECORDS:
                    if (++unsyncedRecords >= options.fsyncEveryRecords()) {
                        files.force(active.path, io(active));
                        unsyncedRecords = 0;
                    } else {
                        active.dirty = true;
                    }
                    break;
                default:
                    active.dirty = true;
            }
            appendedSignal.signalAll();
            return position;
        } finally {
            lock.unlock();
        }
    }

    private Segment roll() throws IOException {
        Segment s = segments.roll();
        if (liveRecords == 0) {
            // everything before is consumed: move the head to the new segment and reclaim the old one
            headSegment = s;
            headOffset = SEGMENT_HEADER;
            headPosition = s.base;
            while (segments.size() > 1) {
                deleteSegment(segments.first());
            }
        }
        return s;
    }

    // ---------------------------------------------------------------- read

    @Override
    public List<StoredRecord> read(long fromPosition, int maxRecords, long maxBytes) throws IOException {
        return read(fromPosition, maxRecords, maxBytes, SegmentedLogQueue::copied);
    }

    private static StoredRecord copied(long position, long appendedAtMillis, ByteBuffer bytes) {
        byte[] payload = new byte[bytes.remaining()];
        bytes.get(payload);
        return new StoredRecord(position, Instant.ofEpochMilli(appendedAtMillis), payload);
    }

    @Override
    public <T> List<T> read(long fromPosition, int maxRecords, long maxBytes, RecordDecoder<T> decoder)
            throws IOException {
        Objects.requireNonNull(decoder, "decoder");
        boolean interrupted = Thread.interrupted(); // a pending interrupt would close the file under us
        try {
            return doRead(fromPosition, maxRecords, maxBytes, decoder);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private <T> List<T> doRead(long fromPosition, int maxRecords, long maxBytes, RecordDecoder<T> decoder)
            throws IOException {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be at least 1, got " + maxRecords);
        }
        readerLock.lock();
        try {
            copyOut(fromPosition, maxRecords, maxBytes);
            return readCopy.count() == 0 ? List.of() : readCopy.decode(decoder);
        } finally {
            readCopy.clear();
            readerLock.unlock();
        }
    }

    /** Copies up to {@code maxRecords} records from {@code fromPosition} on into {@link #readCopy}, under the lock. */
    private void copyOut(long fromPosition, int maxRecords, long maxBytes) throws IOException {
        lock.lock();
        try {
            checkOpen();
            long from = Math.max(fromPosition, headPosition);
            if (from < active().end() && liveRecords > 0) {
                reader.copy(from, headPosition, headSegment, headOffset, maxRecords, maxBytes, readCopy);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean awaitRecords(long fromPosition, long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (!closed && active().end() <= Math.max(fromPosition, headPosition)) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = appendedSignal.awaitNanos(nanos);
            }
            return !closed;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- acknowledge and head movement

    @Override
    public void acknowledge(long position) throws IOException {
        boolean interrupted = Thread.interrupted(); // a pending interrupt would close the file under us
        try {
            doAcknowledge(position);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void doAcknowledge(long position) throws IOException {
        lock.lock();
        try {
            checkOpen();
            long tail = active().end();
            if (position >= tail) {
                throw new IllegalArgumentException("cannot acknowledge position " + position
                        + ": the last stored position is " + (tail - 1));
            }
            if (position < headPosition) {
                return;
            }
            long before = liveRecords;
            advanceHead(position + 1 - headPosition);
            acknowledged += before - liveRecords;
            checkpointDirty = true;
            writeCheckpoint();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves the head over {@code n} positions (records, or gaps between damaged segments), deleting segments left
     * behind. Segments wholly passed are skipped without reading them.
     */
    private void advanceHead(long n) throws IOException {
        long target = headPosition + n;
        while (headPosition < target) {
            Segment s = headSegment;
            if (s != active() && target >= s.end()) {
                // the rest of this segment goes at once
                liveRecords -= s.end() - headPosition;
                liveBytes -= s.size - headOffset;
                Segment next = segments.next(s);
                headSegment = next;
                headOffset = SEGMENT_HEADER;
                headPosition = next.base; // beyond target when target falls in a gap: nothing is stored there
                deleteSegment(s);
                continue;
            }
            int len = cache.lengthAt(s, headOffset);
            headOffset += RECORD_HEADER + len;
            headPosition++;
            liveRecords--;
            liveBytes -= RECORD_HEADER + len;
        }
        if (liveRecords == 0) {
            headAppendedAt = -1;
        } else {
            ByteBuffer h = cache.view(headSegment, headOffset, RECORD_HEADER);
            headAppendedAt = h.getLong(h.position() + 8);
        }
    }

    private void deleteSegment(Segment s) throws IOException {
        // the checkpoint must be past the segment before the segment disappears
        checkpointDirty = true;
        writeCheckpoint();
        segments.delete(s);
        cache.forget(s);
        reader.forget(s);
    }

    // ---------------------------------------------------------------- checkpoint

    /** Writes the head into the checkpoint if it moved since the last write; forced with {@code EVERY_WRITE}. */
    private void writeCheckpoint() throws IOException {
        if (!checkpointDirty) {
            return;
        }
        checkpoint.write(headPosition);
        checkpointDirty = false;
        if (options.fsyncPolicy() == FsyncPolicy.EVERY_WRITE) {
            checkpoint.force();
        }
    }

    // ---------------------------------------------------------------- state, sync, close

    @Override
    public long headPosition() {
        lock.lock();
        try {
            return headPosition;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long tailPosition() {
        lock.lock();
        try {
            return active().end();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public QueueStats stats() {
        lock.lock();
        try {
            return new QueueStats(liveRecords, liveBytes,
                    headAppendedAt < 0 ? null : Instant.ofEpochMilli(headAppendedAt), headPosition,
                    active().end(), appended, acknowledged, dropped, rejected, discardedOnOpen, segments.diskBytes(),
                    segments.size());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Path directory() {
        return directory;
    }

    @Override
    public QueueOptions options() {
        return options;
    }

    @Override
    public void sync() throws IOException {
        List<Path> dirtyPaths = new ArrayList<>(2);
        List<FileChannel> dirty = new ArrayList<>(2);
        lock.lock();
        try {
            if (closed) {
                return;
            }
            for (Segment s : segments.takeDirty()) {
                dirtyPaths.add(s.path);
                dirty.add(s.channel);
            }
            unsyncedRecords = 0;
            dirtyPaths.add(checkpoint.path());
            dirty.add(checkpoint.channel());
        } finally {
            lock.unlock();
        }
        // outside the lock: appends go on while the device catches up
        for (int i = 0; i < dirty.size(); i++) {
            try {
                files.force(dirtyPaths.get(i), dirty.get(i));
            } catch (java.nio.channels.ClosedChannelException e) {
                // the segment was consumed and deleted meanwhile: nothing left to force
            }
        }
    }

    private void syncQuietly() {
        try {
            sync();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "store " + directory + ": fsync failed", e);
        }
    }

    @Override
    public void close() throws IOException {
        boolean interrupted = Thread.interrupted(); // a pending interrupt would close the file under us
        try {
            doClose();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void doClose() throws IOException {
        if (fsyncThread != null) {
            fsyncThread.shutdown();
        }
        lock.lock();
        try {
            if (closed) {
                return;
            }
            try {
                if (durableDirectory) {
                    segments.forceDirty();
                }
                checkpointDirty = true;
                writeCheckpoint();
                if (options.fsyncPolicy() != FsyncPolicy.NEVER) {
                    checkpoint.force();
                }
            } finally {
                closed = true;
                appendedSignal.signalAll();
                closeFiles();
            }
        } finally {
            lock.unlock();
        }
        if (fsyncThread != null) {
            try {
                fsyncThread.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void closeFiles() throws IOException {
        IOException first = segments.close();
        try {
            checkpoint.close();
            directoryLock.close();
        } catch (IOException e) {
            first = first == null ? e : first;
        }
        if (fsyncThread != null) {
            fsyncThread.shutdownNow();
        }
        if (first != null) {
            throw first;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("store " + directory + " is closed");
        }
    }

    private FileChannel io(Segment s) throws IOException {
        return segments.io(s);
    }

    private Segment active() {
        return segments.active();
    }
}
