package io.plantwire.sink.kafka.internal;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Kafka topic names from templates. Kafka accepts 1-249 characters from {@code [a-zA-Z0-9._-]} and refuses
 * {@code .} and {@code ..}; everything a template produces is forced into that set, so a record never fails at
 * the broker because of its topic name.
 */
final class TopicNames {

    /** Kafka's longest legal topic name. */
    static final int MAX_LENGTH = 249;

    private TopicNames() {
    }

    /**
     * Makes a legal topic name: every other character becomes {@code _} ({@code /} becomes {@code .}, so an
     * MQTT topic or ISA-95 path keeps its levels visible); a name longer than 249 characters is cut and ends in a
     * hash of the whole name, so two long names that share a prefix stay apart.
     */
    static String sanitize(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
                    || c == '-') {
                b.append(c);
            } else if (c == '/') {
                b.append('.');
            } else {
                b.append('_');
            }
        }
        String s = b.toString();
        if (s.isEmpty() || s.equals(".") || s.equals("..")) {
            s = s.replace('.', '_');
            return s.isEmpty() ? "_" : s;
        }
        if (s.length() > MAX_LENGTH) {
            CRC32 crc = new CRC32();
            crc.update(name.getBytes(StandardCharsets.UTF_8));
            String hash = String.format("%08x", crc.getValue());
            s = s.substring(0, MAX_LENGTH - 1 - hash.length()) + "-" + hash;
        }
        return s;
    }

    /** Whether Kafka accepts the name as it is. */
    static boolean isLegal(String name) {
        return name.length() >= 1 && name.length() <= MAX_LENGTH && !name.equals(".") && !name.equals("..")
                && name.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                        || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-');
    }
}
