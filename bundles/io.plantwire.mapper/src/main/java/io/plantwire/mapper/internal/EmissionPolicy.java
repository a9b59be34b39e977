package io.plantwire.mapper.internal;

/** What an asset's record holds when one of its sources updates. */
public enum EmissionPolicy {
    /** Every field the asset has seen, each with its own latest value, quality and timestamp. */
    ALL_LATEST,
    /** Only the fields whose value or quality this reading changed; nothing is emitted when none changed. */
    CHANGED_ONLY
}
