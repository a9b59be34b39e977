package io.plantwire.sink.mqtt.internal;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A store record as the publisher sends it: its messages, decoded straight from the store's bytes; or, for a record
 * that cannot be decoded, a copy of its bytes for the dead letters and why.
 */
record StoredMessages(long position, List<OutboundMessage> messages, byte[] undecodable, RuntimeException error) {

    static StoredMessages decode(long position, long appendedAtMillis, ByteBuffer bytes) {
        int start = bytes.position();
        try {
            return new StoredMessages(position, OutboundMessage.decode(bytes), null, null);
        } catch (RuntimeException e) {
            byte[] copy = new byte[bytes.limit() - start];
            bytes.position(start).get(copy);
            return new StoredMessages(position, List.of(), copy, e);
        }
    }
}
