package io.plantwire.store.deadletter;

import java.time.Instant;
import java.util.Objects;

/**
 * One refused record with why and when it was refused.
 *
 * @param position its position in the dead-letter store (increasing, never reused)
 * @param refusedAt when the destination refused it
 * @param destination where it was going (an MQTT topic, a Kafka topic), for people; may be empty
 * @param code the refusal's code as the destination gave it: an MQTT 5 reason code ({@code 0x87}), a Kafka exception
 *        class ({@code RecordTooLargeException}), or a client-side code
 * @param reason the refusal's message, for people; may be empty
 * @param payload the record exactly as the sink stores it in its queue, so a replay can append it there again; the
 *        caller owns this array
 */
public record DeadLetter(long position, Instant refusedAt, String destination, String code, String reason,
        byte[] payload) {

    public DeadLetter {
        Objects.requireNonNull(refusedAt, "refusedAt");
        destination = destination == null ? "" : destination;
        code = code == null ? "" : code;
        reason = reason == null ? "" : reason;
        Objects.requireNonNull(payload, "payload");
    }

    @Override
    public String toString() {
        return "DeadLetter[" + position + " @" + refusedAt + " " + destination + " " + code + ", " + payload.length
                + " bytes]";
    }
}
