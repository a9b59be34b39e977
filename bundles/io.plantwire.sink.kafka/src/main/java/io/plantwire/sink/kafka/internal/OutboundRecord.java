package io.plantwire.sink.kafka.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Kafka record as it waits in the store: topic, key, value, headers and timestamp, resolved when the record was
 * accepted, so what is sent after a restart is exactly what was accepted before it.
 *
 * <p>Stored frame (big-endian): version byte {@code 1}, timestamp (long, ms, -1 for none), head length (int),
 * head, then the value up to the end of the frame. The head holds what one asset stream's records share: topic
 * (UTF), key (int length, -1 for none, bytes), header count (short), per header name (UTF) and value (int length,
 * bytes). Sinks build a stream's head once and reuse it ({@link #frame(byte[], long, byte[])}), so accepting a
 * record costs two array copies beyond its JSON.
 *
 * @param topic the Kafka topic, legal
 * @param key the key, or null
 * @param value the value
 * @param headers header names and values, in order
 * @param timestamp the record's create time in ms since the epoch, or -1 to let the producer set it
 */
record OutboundRecord(String topic, byte[] key, byte[] value, List<Map.Entry<String, byte[]>> headers,
        long timestamp) {

    static final byte VERSION = 1;
    private static final int FIXED = 1 + 8 + 4;

    byte[] encode() {
        return frame(head(topic, key, headers), timestamp, value);
    }

    /** The shared part of a stream's frames. */
    static byte[] head(String topic, byte[] key, List<Map.Entry<String, byte[]>> headers) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + topic.length());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(topic);
            if (key == null) {
                out.writeInt(-1);
            } else {
                out.writeInt(key.length);
                out.write(key);
            }
            out.writeShort(headers.size());
            for (Map.Entry<String, byte[]> h : headers) {
                out.writeUTF(h.getKey());
                out.writeInt(h.getValue().length);
                out.write(h.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /** A stored frame from a head made by {@link #head}, a timestamp and a value. */
    static byte[] frame(byte[] head, long timestamp, byte[] value) {
        byte[] frame = new byte[FIXED + head.length + value.length];
        ByteBuffer b = ByteBuffer.wrap(frame);
        b.put(VERSION).putLong(timestamp).putInt(head.length).put(head).put(value);
        return frame;
    }

    /**
     * @throws IOException when the bytes are not a stored frame of a known version
     */
    static OutboundRecord decode(byte[] frame) throws IOException {
        return new Decoder().decode(frame);
    }

    static Map.Entry<String, byte[]> header(String name, String value) {
        return Map.entry(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes frames, remembering recent heads: consecutive records of a stream share theirs. Not thread-safe. */
    static final class Decoder {
        private static final int MAX_HEADS = 4096;
        private final Map<ByteBuffer, OutboundRecord> heads = new HashMap<>();

        OutboundRecord decode(byte[] frame) throws IOException {
            return decode(ByteBuffer.wrap(frame));
        }

        /** A frame from its bytes as the store hands them over (position to limit); copies only the value. */
        OutboundRecord decode(ByteBuffer frame) throws IOException {
            int start = frame.position();
            int length = frame.remaining();
            if (length < FIXED) {
                throw new IOException("stored frame too short: " + length + " bytes");
            }
            byte version = frame.get(start);
            if (version != VERSION) {
                throw new IOException("unknown stored frame version " + version);
            }
            long timestamp = frame.getLong(start + 1);
            int headLength = frame.getInt(start + 9);
            if (headLength < 0 || FIXED + headLength > length) {
                throw new IOException("stored frame has a head of " + headLength + " bytes in " + length);
            }
            ByteBuffer headKey = frame.slice(start + FIXED, headLength);
            OutboundRecord head = heads.get(headKey);
            if (head == null) {
                byte[] h = new byte[headLength];
                frame.get(start + FIXED, h);
                head = parseHead(h);
                if (heads.size() >= MAX_HEADS) {
                    heads.clear();
                }
                heads.put(ByteBuffer.wrap(h), head); // parseHead keeps no reference to h
            }
            byte[] value = new byte[length - FIXED - headLength];
            frame.get(start + FIXED + headLength, value);
            return new OutboundRecord(head.topic, head.key, value, head.headers, timestamp);
        }

        private static OutboundRecord parseHead(byte[] head) throws IOException {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(head));
            String topic = in.readUTF();
            int keyLength = in.readInt();
            byte[] key = null;
            if (keyLength >= 0) {
                key = new byte[keyLength];
                in.readFully(key);
            }
            int count = in.readShort();
            List<Map.Entry<String, byte[]>> headers = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                byte[] v = new byte[in.readInt()];
                in.readFully(v);
                headers.add(Map.entry(name, v));
            }
            return new OutboundRecord(topic, key, new byte[0], List.copyOf(headers), -1);
        }
    }
}
