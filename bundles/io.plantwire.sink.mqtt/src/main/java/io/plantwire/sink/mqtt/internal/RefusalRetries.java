package io.plantwire.sink.mqtt.internal;

/**
 * Which message the broker refused last with a temporary reason, how often, and which connection the publisher gave
 * up to publish it again ({@link UnsPublisher}, {@link MqttRefusals}). Thread-safe: Paho's callback threads and the
 * publisher's thread use it.
 */
final class RefusalRetries {

    /** The attempt a refusal was, and whether the message is published again (else it goes to the dead letters). */
    record Attempt(int number, boolean retry) {
    }

    private long position = -1;
    private String topic;
    private int attempts;
    /** A connection given up for a temporary refusal: later answers on it are ignored. */
    private long retriedGeneration = -1;

    /** Whether {@code generation} was given up to retry a refused message: its other answers no longer count. */
    synchronized boolean retrying(long generation) {
        return generation == retriedGeneration;
    }

    /**
     * A temporary refusal of the message at {@code position} on {@code topic}, on connection {@code generation}: the
     * same message refused again counts one more attempt. A busy broker's refusal is always retried; another
     * temporary one until {@code maxAttempts}.
     */
    synchronized Attempt temporary(long generation, long position, String topic, boolean busy, int maxAttempts) {
        if (position == this.position && topic.equals(this.topic)) {
            attempts++;
        } else {
            this.position = position;
            this.topic = topic;
            attempts = 1;
        }
        boolean retry = busy || attempts < maxAttempts;
        if (retry) {
            retriedGeneration = generation;
        }
        return new Attempt(attempts, retry);
    }

    /** The message at {@code position} on {@code topic} was delivered: if it was the refused one, that is over. */
    synchronized void delivered(long position, String topic) {
        if (position == this.position && topic.equals(this.topic)) {
            this.position = -1;
        }
    }

    /** The refused message went to the dead letters (or was refused for good): the next refusal starts again at 1. */
    synchronized void givenUp() {
        position = -1;
    }
}
