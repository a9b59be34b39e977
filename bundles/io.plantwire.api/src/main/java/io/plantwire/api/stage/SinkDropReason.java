package io.plantwire.api.stage;

/**
 * Why a sink gave up on records it had accepted (since 1.2). Metrics export each reason as the label value
 * {@link #label()}; the set is closed, so the label stays bounded.
 */
public enum SinkDropReason {
    /** The sink's store was full and its overflow policy removed the oldest unacknowledged records. */
    STORE_FULL_DROP_OLDEST,
    /**
     * The sink's store refused new records: full under a reject-new overflow policy, or a single record larger than
     * the store.
     */
    STORE_FULL_REJECT_NEW,
    /** The destination refused the records for good (they went to the dead letters, if the sink keeps them). */
    REFUSED;

    /** The lower-case name, e.g. {@code store_full_drop_oldest}; the value of the {@code reason} metric label. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
