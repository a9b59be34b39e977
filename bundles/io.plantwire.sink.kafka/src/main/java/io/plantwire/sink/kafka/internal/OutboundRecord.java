package io.plantwire.sink.kafka.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Kafka record as it waits in the store: topic, key, value, headers and timestamp, resolved when the record was
 * accepted, so what is sent after a restart is exactly what was accepted before it.
 *
 * <p>Stored format (big-endian): version byte {@code 1}, timestamp (long, ms, -1 for none), topic (UTF),
 * key (int length, -1 for none, bytes), value (int length, bytes), header count (short), per header name (UTF)
 * and value (int length, bytes).
 *
 * @param topic the Kafka topic, legal
 * @param key the key, or null
 * @param value the value
 * @param headers header names and values, in order
 * @param timestamp the record's create time in ms since the epoch, or -1 to let the producer set it
 */
record OutboundRecord(String topic, byte[] key, byte[] value, List<Map.Entry<String, byte[]>> headers,
        long timestamp) {

    private static final byte VERSION = 1;

    byte[] encode() {
        int size = 32 + topic.length() + (key == null ? 0 : key.length) + value.length;
        for (Map.Entry<String, byte[]> h : headers) {
            size += 8 + h.getKey().length() + h.getValue().length;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(size);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(timestamp);
            out.writeUTF(topic);
            if (key == null) {
                out.writeInt(-1);
            } else {
                out.writeInt(key.length);
                out.write(key);
            }
            out.writeInt(value.length);
            out.write(value);
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

    /**
     * @throws IOException when the bytes are not a stored record of a known version
     */
    static OutboundRecord decode(byte[] stored) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(stored));
        byte version = in.readByte();
        if (version != VERSION) {
            throw new IOException("unknown stored record version " + version);
        }
        long timestamp = in.readLong();
        String topic = in.readUTF();
        int keyLength = in.readInt();
        byte[] key = null;
        if (keyLength >= 0) {
            key = new byte[keyLength];
            in.readFully(key);
        }
        byte[] value = new byte[in.readInt()];
        in.readFully(value);
        int count = in.readShort();
        List<Map.Entry<String, byte[]>> headers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            byte[] v = new byte[in.readInt()];
            in.readFully(v);
            headers.add(Map.entry(name, v));
        }
        return new OutboundRecord(topic, key, value, headers, timestamp);
    }

    static Map.Entry<String, byte[]> header(String name, String value) {
        return Map.entry(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
