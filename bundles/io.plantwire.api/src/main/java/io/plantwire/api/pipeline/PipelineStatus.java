package io.plantwire.api.pipeline;

import java.util.List;

/**
 * The pipeline's overall state.
 *
 * @param readingsIn readings submitted by drivers
 * @param readingsProcessed readings that went through the stages
 * @param recordsOut records handed to at least one sink
 * @param held readings held right now because a required stage is absent
 * @param holdCapacity how many readings the hold buffer takes
 * @param overflowDropped held readings dropped because the buffer was full (policy drop-oldest)
 * @param overflowRejected readings refused because the buffer was full (policy reject-new), or because one reading
 *        alone is estimated larger than the byte bound (either policy)
 * @param unrouted records no sink took because no sink selected their asset
 * @param missingRequiredStages names of required stages that are absent right now
 * @param heldBytes estimated heap bytes the held readings take right now (an upper estimate; since 1.2)
 * @param holdMaxBytes the hold buffer's byte bound: it is full when either this or {@code holdCapacity} is reached
 *        (since 1.2)
 */
public record PipelineStatus(long readingsIn, long readingsProcessed, long recordsOut, long held, long holdCapacity,
        long overflowDropped, long overflowRejected, long unrouted, List<String> missingRequiredStages,
        long heldBytes, long holdMaxBytes) {

    /** The 1.1 form, without the byte figures (both 0). */
    public PipelineStatus(long readingsIn, long readingsProcessed, long recordsOut, long held, long holdCapacity,
            long overflowDropped, long overflowRejected, long unrouted, List<String> missingRequiredStages) {
        this(readingsIn, readingsProcessed, recordsOut, held, holdCapacity, overflowDropped, overflowRejected,
                unrouted, missingRequiredStages, 0, 0);
    }
}
