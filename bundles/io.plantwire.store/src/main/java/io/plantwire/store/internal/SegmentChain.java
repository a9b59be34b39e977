package io.plantwire.store.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.logging.Logger;

/**
 * The log's segment files in position order, the last one active (appended to): it creates, forces, deletes and
 * closes them. Where the head and the readers are is the queue's business ({@link SegmentedLogQueue}). Guarded by the
 * queue's lock, like all of the queue's state.
 */
final class SegmentChain implements Iterable<Segment> {

    private static final Logger LOG = Logger.getLogger(SegmentChain.class.getName());

    private final StoreFiles files;
    private final Path directory;
    /** Whether writes, file creations and deletions are made durable: any fsync policy other than NEVER. */
    private final boolean durable;
    private final List<Segment> segments = new ArrayList<>();
    private boolean closed;

    SegmentChain(StoreFiles files, Path directory, boolean durable) {
        this.files = files;
        this.directory = directory;
        this.durable = durable;
    }

    /** Takes the segments an open found ({@link SegmentScan}); creates the first one at {@code base} if none. */
    void open(List<Segment> found, long base) throws IOException {
        segments.addAll(found);
        if (segments.isEmpty()) {
            segments.add(Segment.create(files, directory, base));
        }
    }

    Segment first() {
        return segments.get(0);
    }

    Segment active() {
        return segments.get(segments.size() - 1);
    }

    int size() {
        return segments.size();
    }

    /** The segment after {@code s}, which must not be the active one. */
    Segment next(Segment s) {
        return segments.get(segments.indexOf(s) + 1);
    }

    /** The segment holding {@code position}, or the one after the gap it falls in, or the active one past the end. */
    Segment containing(long position) {
        for (int i = segments.size() - 1; i >= 0; i--) {
            Segment s = segments.get(i);
            if (s.base <= position) {
                return position < s.end() || i == segments.size() - 1 ? s : segments.get(i + 1);
            }
        }
        return segments.get(0);
    }

    @Override
    public Iterator<Segment> iterator() {
        return segments.iterator();
    }

    /**
     * Starts a new active segment after the current one. The current one is forced first if it is dirty: a closed
     * segment is never touched again, so it is forced now instead of being tracked.
     */
    Segment roll() throws IOException {
        Segment old = active();
        if (durable && old.dirty) {
            files.force(old.path, io(old));
            old.dirty = false;
        }
        Segment s = Segment.create(files, directory, old.end());
        segments.add(s);
        if (durable) {
            // without this a power cut can lose the new file's name, and with it every record forced into it
            files.syncDirectory(directory);
        }
        return s;
    }

    /** Removes {@code s} and deletes its file, durably. The caller moved the checkpoint past it first. */
    void delete(Segment s) throws IOException {
        segments.remove(s);
        s.channel.close();
        files.delete(s.path);
        if (durable) {
            files.syncDirectory(directory); // a deletion lost in a power cut would bring acknowledged records back
        }
    }

    /** At open: removes the first segment, wholly consumed before a crash; the open syncs the directory once later. */
    void discardFirst() throws IOException {
        Segment consumed = segments.remove(0);
        consumed.channel.close();
        files.delete(consumed.path);
    }

    /**
     * The segment's channel, reopened if an interrupt closed it: {@code FileChannel} closes itself when a thread
     * blocked in it is interrupted, and one interrupted caller must not break the queue for every other one.
     */
    FileChannel io(Segment s) throws IOException {
        if (!s.channel.isOpen() && !closed) {
            s.channel = files.open(s.path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            LOG.warning("store segment " + s.path + " was closed by an interrupt; reopened");
        }
        return s.channel;
    }

    /** Bytes of all segment files, headers included. */
    long diskBytes() {
        long disk = 0;
        for (Segment s : segments) {
            disk += s.size;
        }
        return disk;
    }

    /** Forces every dirty segment now (at close). */
    void forceDirty() throws IOException {
        for (Segment s : segments) {
            if (s.dirty) {
                files.force(s.path, io(s));
            }
        }
    }

    /** The dirty segments, marked clean: the caller forces them, outside the lock. */
    List<Segment> takeDirty() {
        List<Segment> dirty = new ArrayList<>(2);
        for (Segment s : segments) {
            if (s.dirty) {
                dirty.add(s);
                s.dirty = false;
            }
        }
        return dirty;
    }

    /** Closes every segment's channel; no channel is reopened after this. The first failure is returned. */
    IOException close() {
        closed = true;
        IOException first = null;
        for (Segment s : segments) {
            try {
                s.channel.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        return first;
    }
}
