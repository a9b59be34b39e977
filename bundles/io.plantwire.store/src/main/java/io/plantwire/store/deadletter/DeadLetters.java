package io.plantwire.store.deadletter;

import java.io.IOException;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The dead letters of one sink, as a service for operators (console page, Gogo commands). A sink registers it with
 * the service property {@code plantwire.stage.name} set to its stage name.
 */
@ProviderType
public interface DeadLetters {

    /** Service property naming the sink, the same value as the sink's {@code plantwire.stage.name}. */
    String SINK_NAME_PROPERTY = "plantwire.stage.name";

    /** The sink's stage name. */
    String sinkName();

    /** Sizes and counters. */
    DeadLetterStats stats();

    /**
     * The oldest dead letters, without removing them.
     *
     * @param max the most to return, at least 1
     */
    List<DeadLetter> peek(int max) throws IOException;

    /**
     * Appends the oldest {@code max} dead letters to the sink's queue again (its tail: after what is waiting there)
     * and removes them from the dead letters. A record the destination still refuses comes back as a new dead letter.
     *
     * @param max the most to replay, at least 1
     * @return how many were replayed
     * @throws IOException when the sink's queue refused one (full under {@code REJECT_NEW}, disk error); those before
     *         it were replayed and removed, it and the rest stay
     */
    int replay(int max) throws IOException;
}
