package io.plantwire.console.internal;

import java.time.Instant;
import java.util.List;

/**
 * One sink's dead letters as the page and the Gogo commands show them; the console's own record, so the classes
 * that carry it never load the store's API (see {@link DeadLetterDesk}).
 *
 * @param sink the sink's stage name
 * @param records dead letters kept
 * @param bytes their bytes
 * @param maxRecords the record bound
 * @param maxBytes the byte bound
 * @param added stored since the sink started
 * @param evicted removed to make room since the sink started
 * @param discarded not stored because the store was full, since the sink started
 * @param replayed replayed since the sink started
 * @param oldest the oldest dead letters, at most a few
 * @param error what asking the sink failed with, empty otherwise
 */
record DeadLetterView(String sink, long records, long bytes, long maxRecords, long maxBytes, long added, long evicted,
        long discarded, long replayed, List<Entry> oldest, String error) {

    /**
     * One dead letter.
     *
     * @param position its position in the dead-letter store
     * @param refusedAt when it was refused
     * @param code the refusal code (MQTT reason code, Kafka exception class)
     * @param destination the topic it was going to
     * @param reason the refusal's message
     * @param bytes the size of the stored record
     */
    record Entry(long position, Instant refusedAt, String code, String destination, String reason, int bytes) {
    }

    static DeadLetterView failed(String sink, String error) {
        return new DeadLetterView(sink, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), error);
    }
}
