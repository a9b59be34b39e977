package io.plantwire.store.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Logger;

/**
 * The segments of a store directory as they are on disk when the queue opens: every record's checksum checked, a
 * torn or damaged tail cut off, a segment without a valid header discarded. What the queue then does with the head
 * (the checkpoint) is the queue's business.
 */
final class SegmentScan {

    private static final Logger LOG = Logger.getLogger(SegmentedLogQueue.class.getName());

    private final StoreFiles files;
    private final Path directory;
    private final ChunkCache cache;
    private final RecordCodec codec;
    private long discardedBytes;

    SegmentScan(StoreFiles files, Path directory, ChunkCache cache, RecordCodec codec) {
        this.files = files;
        this.directory = directory;
        this.cache = cache;
        this.codec = codec;
    }

    /**
     * The usable segments in position order, their files open. A segment emptied by the checks, other than the
     * last, is deleted (its positions become a gap).
     *
     * @throws IOException when a segment overlaps the one before it (the directory was changed by hand); no file is
     *         left open then
     */
    List<Segment> segments() throws IOException {
        List<Long> bases = bases();
        List<Segment> segments = new ArrayList<>();
        try {
            long previousEnd = Long.MIN_VALUE;
            for (int i = 0; i < bases.size(); i++) {
                long base = bases.get(i);
                boolean last = i == bases.size() - 1;
                Segment s = scan(base, last);
                if (s == null) {
                    continue;
                }
                if (s.count == 0 && !last) {
                    s.channel.close(); // emptied by a damaged start; its positions are a gap now
                    files.delete(s.path);
                    continue;
                }
                if (base < previousEnd) {
                    s.channel.close();
                    throw new IOException("store segment " + s.path + " overlaps the segment before it (ends at "
                            + previousEnd + "); the directory was changed by hand");
                }
                segments.add(s);
                previousEnd = s.end();
            }
            return segments;
        } catch (IOException | RuntimeException e) {
            for (Segment s : segments) {
                try {
                    s.channel.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** Bytes cut off or discarded by {@link #segments()}. */
    long discardedBytes() {
        return discardedBytes;
    }

    private List<Long> bases() throws IOException {
        List<Long> bases = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory, "*" + Segment.SUFFIX)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                try {
                    bases.add(Long.parseLong(n.substring(0, n.length() - Segment.SUFFIX.length())));
                } catch (NumberFormatException e) {
                    LOG.warning("ignoring foreign file " + p + " in store directory");
                }
            }
        }
        Collections.sort(bases);
        return bases;
    }

    /** Reads and checks one segment; cuts off a damaged tail. Null when nothing usable is left in it. */
    private Segment scan(long base, boolean last) throws IOException {
        Path path = Segment.path(directory, base);
        FileChannel ch = files.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long fileSize = ch.size();
        ByteBuffer header = ByteBuffer.allocate(Segment.HEADER);
        Segment.readFully(ch, header, 0);
        header.flip();
        if (!Segment.validHeader(header, base)) {
            // a crash while creating the segment, or not ours: nothing in it can be trusted
            ch.close();
            discardedBytes += fileSize;
            LOG.warning("store segment " + path + " has no valid header; discarding its " + fileSize + " bytes");
            files.delete(path);
            return null;
        }
        Segment s = new Segment(base, path, ch);
        s.size = fileSize;
        long offset = Segment.HEADER;
        while (offset < fileSize && intactRecordAt(s, offset, fileSize)) {
            offset += RecordCodec.HEADER + cache.lengthAt(s, offset);
            s.count++;
        }
        if (offset < fileSize) {
            long cut = fileSize - offset;
            discardedBytes += cut;
            if (last) {
                LOG.info("store segment " + path + ": cutting off a torn record of " + cut
                        + " bytes at the end of the log (an interrupted write)");
            } else {
                LOG.warning("store segment " + path + ": checksum failure at offset " + offset + "; discarding "
                        + cut + " bytes to the end of the segment");
            }
            ch.truncate(offset);
            files.force(path, ch);
            s.size = offset;
            cache.forget(s);
        }
        return s;
    }

    /** Whether a complete record with a good checksum starts at {@code offset}. */
    private boolean intactRecordAt(Segment s, long offset, long fileSize) throws IOException {
        if (fileSize - offset < RecordCodec.HEADER) {
            return false;
        }
        ByteBuffer h = cache.view(s, offset, RecordCodec.HEADER);
        int len = h.getInt();
        int storedCrc = h.getInt();
        long at = h.getLong();
        if (len < 0 || fileSize - offset - RecordCodec.HEADER < len) {
            return false;
        }
        return codec.intact(len, at, storedCrc, cache.view(s, offset + RecordCodec.HEADER, len));
    }
}
