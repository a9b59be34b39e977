package io.plantwire.sink.mqtt.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One MQTT message as it waits in the store. A store record holds all messages of one asset record (the asset
 * message and its per-field messages), so they are acknowledged together and keep their order.
 *
 * <p>Store record format (version 1): {@code byte 1, short count}, then per message {@code byte flags (qos in
 * bits 0-1, retain in bit 2), short topic length, topic UTF-8, int payload length, payload}.
 */
record OutboundMessage(String topic, byte[] payload, int qos, boolean retain) {

    static final byte FORMAT = 1;

    static byte[] encode(List<OutboundMessage> messages) {
        int size = 3;
        List<byte[]> topics = new ArrayList<>(messages.size());
        for (OutboundMessage m : messages) {
            byte[] t = m.topic.getBytes(StandardCharsets.UTF_8);
            topics.add(t);
            size += 1 + 2 + t.length + 4 + m.payload.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(FORMAT).putShort((short) messages.size());
        for (int i = 0; i < messages.size(); i++) {
            OutboundMessage m = messages.get(i);
            byte[] t = topics.get(i);
            b.put((byte) (m.qos | (m.retain ? 4 : 0))).putShort((short) t.length).put(t);
            b.putInt(m.payload.length).put(m.payload);
        }
        return b.array();
    }

    static List<OutboundMessage> decode(byte[] record) {
        return decode(ByteBuffer.wrap(record));
    }

    /**
     * The messages of a store record, from its bytes as the store hands them over (position to limit).
     *
     * @throws IllegalArgumentException for an unknown format or a payload length beyond the record's end
     * @throws java.nio.BufferUnderflowException for a record that ends early
     */
    static List<OutboundMessage> decode(ByteBuffer b) {
        byte format = b.get();
        if (format != FORMAT) {
            throw new IllegalArgumentException("unknown store record format " + format);
        }
        int n = Short.toUnsignedInt(b.getShort());
        List<OutboundMessage> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int flags = b.get();
            byte[] t = new byte[Short.toUnsignedInt(b.getShort())];
            b.get(t);
            int length = b.getInt();
            if (length < 0 || length > b.remaining()) { // refused before an array of that size is made
                throw new IllegalArgumentException("store record message " + (i + 1) + " of " + n
                        + " claims a payload of " + length + " bytes; " + b.remaining() + " are left");
            }
            byte[] p = new byte[length];
            b.get(p);
            out.add(new OutboundMessage(new String(t, StandardCharsets.UTF_8), p, flags & 3, (flags & 4) != 0));
        }
        return out;
    }
}
