package io.plantwire.pipeline.internal;

import java.util.ArrayDeque;

import io.plantwire.api.model.DeviceReading;

/**
 * The FIFO of readings held while a required stage is absent, bounded twice: by count ({@code holdCapacity}) and by
 * the readings' estimated heap size ({@code holdMaxBytes}, see {@link ReadingSize}). Whichever bound is reached
 * first makes the buffer full; the overflow policy then says who loses, and every loss is counted.
 *
 * <p>Not thread-safe: the pipeline calls it with its hold lock held.
 */
final class HoldBuffer {

    /** What {@link #add} did with a reading. */
    enum Outcome {
        /** Held; nothing else lost. */
        HELD,
        /** Held after dropping the oldest reading(s) (DROP_OLDEST, buffer full). */
        HELD_DROPPING_OLDEST,
        /** Refused because the buffer is full (REJECT_NEW). */
        REJECTED_FULL,
        /** Refused under either policy: this one reading is estimated larger than the whole byte bound. */
        REJECTED_OVERSIZE
    }

    private record Held(DeviceReading reading, long bytes) {
    }

    private final ArrayDeque<Held> queue = new ArrayDeque<>();
    private int maxCount;
    private long maxBytes;
    private OverflowPolicy policy;
    private long bytes;
    private long dropped;
    private long rejected;
    private long oversize;

    HoldBuffer(int maxCount, long maxBytes, OverflowPolicy policy) {
        configure(maxCount, maxBytes, policy);
    }

    /** New bounds apply to the next reading added; readings already held stay held. */
    void configure(int maxCount, long maxBytes, OverflowPolicy policy) {
        this.maxCount = maxCount;
        this.maxBytes = maxBytes;
        this.policy = policy;
    }

    Outcome add(DeviceReading reading) {
        long size = ReadingSize.of(reading);
        if (size > maxBytes) {
            rejected++;
            oversize++;
            return Outcome.REJECTED_OVERSIZE;
        }
        boolean full = queue.size() >= maxCount || bytes + size > maxBytes;
        if (full && policy == OverflowPolicy.REJECT_NEW) {
            rejected++;
            return Outcome.REJECTED_FULL;
        }
        while (!queue.isEmpty() && (queue.size() >= maxCount || bytes + size > maxBytes)) {
            bytes -= queue.pollFirst().bytes();
            dropped++;
        }
        queue.addLast(new Held(reading, size));
        bytes += size;
        return full ? Outcome.HELD_DROPPING_OLDEST : Outcome.HELD;
    }

    /** The oldest held reading, or null when empty. */
    DeviceReading poll() {
        Held h = queue.pollFirst();
        if (h == null) {
            return null;
        }
        bytes -= h.bytes();
        return h.reading();
    }

    /** Empties the buffer; returns how many readings it held. */
    int clear() {
        int n = queue.size();
        queue.clear();
        bytes = 0;
        return n;
    }

    int size() {
        return queue.size();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Estimated bytes held now. */
    long bytes() {
        return bytes;
    }

    int maxCount() {
        return maxCount;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** Held readings dropped to make room (DROP_OLDEST), since start. */
    long dropped() {
        return dropped;
    }

    /** Readings refused (REJECT_NEW when full, and oversize readings under either policy), since start. */
    long rejected() {
        return rejected;
    }

    /** Of {@link #rejected()}: readings larger than the whole byte bound. */
    long oversize() {
        return oversize;
    }
}
