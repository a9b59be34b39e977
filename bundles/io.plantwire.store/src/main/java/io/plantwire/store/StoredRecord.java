package io.plantwire.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One record read from a queue.
 *
 * @param position the record's position: assigned by {@link StoreAndForwardQueue#append}, increasing by one per
 *        record, never reused, kept across restarts
 * @param appendedAt when the record was appended (wall clock, millisecond precision)
 * @param payload the bytes as appended; the caller owns this array
 */
public record StoredRecord(long position, Instant appendedAt, byte[] payload) {

    public StoredRecord {
        Objects.requireNonNull(appendedAt, "appendedAt");
        Objects.requireNonNull(payload, "payload");
    }

    @Override
    public String toString() {
        return "StoredRecord[" + position + " @" + appendedAt + ", " + payload.length + " bytes]";
    }
}
