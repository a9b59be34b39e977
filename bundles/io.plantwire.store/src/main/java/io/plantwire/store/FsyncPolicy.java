package io.plantwire.store;

/**
 * When the queue forces its data to the storage device.
 *
 * <p>Every append is written to the operating system before {@link StoreAndForwardQueue#append} returns, so a
 * record survives a crash or {@code kill -9} of the Java process under every policy. The policy decides what a
 * power cut or kernel crash may lose: records the operating system had not yet written to the device.
 *
 * <p>Every policy except {@link #NEVER} also forces the queue's directory right after a segment or checkpoint file
 * is created or deleted, so a file's name is as durable as the records forced into it.
 */
public enum FsyncPolicy {
    /** Force after every append. Nothing acknowledged as stored is lost on power loss; slowest by far. */
    EVERY_WRITE,
    /**
     * Force at most every {@link QueueOptions#fsyncIntervalMillis()} milliseconds, from a background thread. A power
     * cut loses at most the records appended in that interval. The default.
     */
    INTERVAL,
    /**
     * Force after every {@link QueueOptions#fsyncEveryRecords()} appends. A power cut loses at most that many
     * records; with a slow trickle of records they may wait a long time for their force.
     */
    EVERY_N_RECORDS,
    /** Never force; the operating system writes back when it likes (seconds on Linux). */
    NEVER
}
