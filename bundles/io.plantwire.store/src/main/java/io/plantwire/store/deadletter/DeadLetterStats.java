package io.plantwire.store.deadletter;

/**
 * Sizes and counters of a {@link DeadLetterStore}; the counters count since the store was opened.
 *
 * @param records dead letters stored now (kept across restarts)
 * @param bytes their bytes, store headers included
 * @param added dead letters stored
 * @param evicted old dead letters removed to make room ({@link DeadLetterFullPolicy#DROP_OLDEST})
 * @param discarded new dead letters not stored because the store was full ({@link DeadLetterFullPolicy#DROP_NEW}) or
 *        one alone was larger than the byte bound
 * @param replayed dead letters handed back to the sink's queue and removed
 * @param maxRecords the record bound
 * @param maxBytes the byte bound
 */
public record DeadLetterStats(long records, long bytes, long added, long evicted, long discarded, long replayed,
        long maxRecords, long maxBytes) {

    /** No store (a sink without dead letters, or not yet open). */
    public static final DeadLetterStats EMPTY = new DeadLetterStats(0, 0, 0, 0, 0, 0, 0, 0);

    /** Dead letters that were lost: evicted or discarded. */
    public long lost() {
        return evicted + discarded;
    }

    /**
     * What a sink's status says about its dead letters: how many are kept, evicted and discarded, or empty when there
     * is nothing to say.
     *
     * @param items what the sink calls a refused item ("records", "messages")
     * @return e.g. {@code 3 dead letters kept; 1 refused records discarded: dead letters full}
     */
    public String describe(String items) {
        StringBuilder out = new StringBuilder();
        if (records > 0) {
            out.append(records).append(" dead letters kept");
        }
        if (evicted > 0) {
            out.append(out.length() > 0 ? "; " : "").append(evicted)
                    .append(" oldest dead letters evicted: dead letters full (DROP_OLDEST)");
        }
        if (discarded > 0) {
            out.append(out.length() > 0 ? "; " : "").append(discarded).append(" refused ").append(items)
                    .append(" discarded: dead letters full");
        }
        return out.toString();
    }
}
