package io.plantwire.store.deadletter;

import java.util.Objects;

import io.plantwire.store.QueueOptions;

/**
 * Bounds of a {@link DeadLetterStore}.
 *
 * @param maxRecords the most dead letters kept, at least 1
 * @param maxBytes the most bytes kept (each record's reason, destination and 16-byte store header included), at
 *        least {@link QueueOptions#MIN_MAX_BYTES}
 * @param fullPolicy what happens to a new dead letter when a bound is reached
 */
public record DeadLetterOptions(long maxRecords, long maxBytes, DeadLetterFullPolicy fullPolicy) {

    /** 10,000 records, 64 MiB, evict the oldest. */
    public static DeadLetterOptions defaults() {
        return new DeadLetterOptions(10_000, 64L << 20, DeadLetterFullPolicy.DROP_OLDEST);
    }

    /**
     * @throws IllegalArgumentException naming the option and the value when one is out of range
     */
    public DeadLetterOptions {
        Objects.requireNonNull(fullPolicy, "fullPolicy");
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be at least 1, got " + maxRecords);
        }
        if (maxBytes < QueueOptions.MIN_MAX_BYTES) {
            throw new IllegalArgumentException("maxBytes must be at least " + QueueOptions.MIN_MAX_BYTES + ", got "
                    + maxBytes);
        }
    }
}
