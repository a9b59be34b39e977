package io.plantwire.store.deadletter;

/** What {@link DeadLetterStore#add} does when the store is at its record or byte bound. Both are counted. */
public enum DeadLetterFullPolicy {
    /** Evict the oldest dead letters until the new one fits (counted in {@link DeadLetterStats#evicted()}). */
    DROP_OLDEST,
    /** Keep what is stored and discard the new dead letter (counted in {@link DeadLetterStats#discarded()}). */
    DROP_NEW
}
