package io.plantwire.store;

/** What a full queue does with a new record. Either way the records concerned are counted exactly. */
public enum OverflowPolicy {
    /**
     * Make room by removing the oldest unacknowledged records (counted in {@link QueueStats#dropped()}); the new
     * record is always stored. Keeps the most recent data through a long outage.
     */
    DROP_OLDEST,
    /**
     * Keep what is stored and refuse the new record: {@link StoreAndForwardQueue#append} throws
     * {@link StoreFullException} (counted in {@link QueueStats#rejected()}). Keeps the oldest data; the caller
     * decides what to do with the refused record.
     */
    REJECT_NEW
}
