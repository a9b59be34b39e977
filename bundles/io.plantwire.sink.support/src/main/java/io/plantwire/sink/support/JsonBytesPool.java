package io.plantwire.sink.support;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The encode buffers of one sink component: {@link #take()} one per record on the pipeline's thread, write the
 * record into it, hand its bytes to the store, {@link #give(JsonBytes)} it back. A handful of buffers serve any
 * number of pipeline threads, because a thread holds one only while it encodes and appends one record.
 *
 * <p>Why not a buffer per thread: the pipeline's threads belong to the drivers and outlive a sink. A
 * {@code ThreadLocal} buffer stayed on every driver thread after the sink was updated or removed, and after an
 * update of this library it kept the library's old classes loaded, until the driver stopped. A pool belongs to the
 * component that created it and goes with it.
 *
 * <p>Lock-free: a fixed row of slots, taken and given back with one atomic swap each. Thread-safe; never blocks.
 * When every slot is empty {@link #take()} makes a new buffer; when every slot is full, or the buffer grew past
 * {@code maxRetainedBytes} (one unusually large record), {@link #give} lets it go to the garbage collector.
 */
public final class JsonBytesPool {

    private static final int RECORD_SLOTS = 8;
    private static final int RECORD_CAPACITY = 4096;
    private static final int RECORD_MAX_RETAINED = 256 * 1024;

    private final AtomicReferenceArray<JsonBytes> slots;
    private final int initialCapacity;
    private final int maxRetainedBytes;

    /**
     * The pool a sink of asset records uses: {@value #RECORD_SLOTS} buffers of {@value #RECORD_CAPACITY} bytes to
     * start with, a buffer that grew past {@value #RECORD_MAX_RETAINED} bytes is not kept.
     */
    public JsonBytesPool() {
        this(RECORD_SLOTS, RECORD_CAPACITY, RECORD_MAX_RETAINED);
    }

    /**
     * @param slots buffers kept at most (the number of threads that encode at the same time is enough)
     * @param initialCapacity bytes of a new buffer
     * @param maxRetainedBytes a buffer that grew larger is not kept
     */
    public JsonBytesPool(int slots, int initialCapacity, int maxRetainedBytes) {
        if (slots < 1 || initialCapacity < 1 || maxRetainedBytes < initialCapacity) {
            throw new IllegalArgumentException("JsonBytesPool(slots " + slots + ", initialCapacity " + initialCapacity
                    + ", maxRetainedBytes " + maxRetainedBytes + "): need slots >= 1 and 1 <= initialCapacity <= "
                    + "maxRetainedBytes");
        }
        this.slots = new AtomicReferenceArray<>(slots);
        this.initialCapacity = initialCapacity;
        this.maxRetainedBytes = maxRetainedBytes;
    }

    /** An empty buffer: a kept one if there is one, else a new one. */
    public JsonBytes take() {
        int start = start();
        for (int i = 0; i < slots.length(); i++) {
            int k = (start + i) % slots.length();
            if (slots.get(k) != null) {
                JsonBytes b = slots.getAndSet(k, null);
                if (b != null) {
                    b.reset();
                    return b;
                }
            }
        }
        return new JsonBytes(initialCapacity);
    }

    /** Gives a buffer back for the next {@link #take()}; the caller must not use it afterwards. */
    public void give(JsonBytes b) {
        if (b == null || b.capacity() > maxRetainedBytes) {
            return;
        }
        int start = start();
        for (int i = 0; i < slots.length(); i++) {
            int k = (start + i) % slots.length();
            if (slots.get(k) == null && slots.compareAndSet(k, null, b)) {
                return;
            }
        }
    }

    /** Buffers kept now (for tests and status). */
    public int kept() {
        int n = 0;
        for (int i = 0; i < slots.length(); i++) {
            if (slots.get(i) != null) {
                n++;
            }
        }
        return n;
    }

    // threads start at different slots, so two threads rarely race for the same one
    private int start() {
        return (int) (Thread.currentThread().getId() % slots.length());
    }
}
