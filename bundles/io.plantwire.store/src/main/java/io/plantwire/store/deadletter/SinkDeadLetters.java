package io.plantwire.store.deadletter;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * {@link DeadLetters} of one sink over its {@link DeadLetterStore}: what a sink registers as the service, so the
 * MQTT and Kafka sinks share one implementation. Replays go to the sink's queue through the given target.
 */
public final class SinkDeadLetters implements DeadLetters {

    private final String sinkName;
    private final DeadLetterStore store;
    private final DeadLetterStore.ReplayTarget target;

    /**
     * @param sinkName the sink's stage name
     * @param store the sink's dead letters
     * @param target appends a replayed record to the sink's queue
     */
    public SinkDeadLetters(String sinkName, DeadLetterStore store, DeadLetterStore.ReplayTarget target) {
        this.sinkName = Objects.requireNonNull(sinkName, "sinkName");
        this.store = Objects.requireNonNull(store, "store");
        this.target = Objects.requireNonNull(target, "target");
    }

    @Override
    public String sinkName() {
        return sinkName;
    }

    @Override
    public DeadLetterStats stats() {
        return store.stats();
    }

    @Override
    public List<DeadLetter> peek(int max) throws IOException {
        return store.peek(max);
    }

    @Override
    public int replay(int max) throws IOException {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, got " + max);
        }
        return store.replay(max, target);
    }
}
