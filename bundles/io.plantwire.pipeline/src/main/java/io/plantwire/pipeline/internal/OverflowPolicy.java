package io.plantwire.pipeline.internal;

/** What the hold buffer does when it is full. */
enum OverflowPolicy {
    /** Make room by dropping the oldest held reading (fresh data wins). */
    DROP_OLDEST,
    /** Refuse the new reading; {@code ReadingIntake.submit} returns false. */
    REJECT_NEW;

    static OverflowPolicy parse(String field, String value) {
        try {
            return valueOf(value.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(field + " '" + value + "' is not one of DROP_OLDEST, REJECT_NEW");
        }
    }
}
