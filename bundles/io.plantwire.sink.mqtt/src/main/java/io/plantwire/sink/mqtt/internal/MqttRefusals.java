package io.plantwire.sink.mqtt.internal;

import java.util.Map;

/**
 * What the publisher does with an MQTT 5 PUBACK/PUBREC reason code of 0x80 or more (docs/mqtt.md has the table).
 *
 * <ul>
 * <li>{@link Kind#BUSY}: the broker is full for now (0x97 quota exceeded): reconnect after a back-off and publish
 * again from the store's head, without limit, like an outage.</li>
 * <li>{@link Kind#TEMPORARY}: may be fixed at the broker (0x80 unspecified, 0x83 implementation specific, 0x87 not
 * authorized, 0x91 packet identifier in use, and any code this table does not know): retried with an exponential
 * back-off, in order, the record staying in the store; a message still refused after
 * {@code refusal.retry.max.attempts} attempts is treated as permanently refused.</li>
 * <li>{@link Kind#PERMANENT}: resending the same message can never succeed (0x90 topic name invalid, 0x95 packet
 * too large, 0x99 payload format invalid): the message goes to the dead letters at once.</li>
 * </ul>
 */
final class MqttRefusals {

    enum Kind { BUSY, TEMPORARY, PERMANENT }

    /** MQTT 5 PUBACK/PUBREC reason "Quota exceeded". */
    static final int QUOTA_EXCEEDED = 0x97;
    /** MQTT 5 reason "Packet too large"; also what the sink records when the broker's Maximum Packet Size forbids it. */
    static final int PACKET_TOO_LARGE = 0x95;
    /**
     * The broker answered with a PUBACK reason code Paho 1.2.5 does not accept (it fails the connection with 50001
     * "Invalid Return code" and the code is lost); Mosquitto 2.0 does this for a message over its
     * {@code message_size_limit}. Temporary: the code is unknown.
     */
    static final int INVALID_FOR_PAHO = -1;

    private static final Map<Integer, String> NAMES = Map.ofEntries(Map.entry(0x80, "unspecified error"),
            Map.entry(0x83, "implementation specific error"), Map.entry(0x87, "not authorized"),
            Map.entry(0x90, "topic name invalid"), Map.entry(0x91, "packet identifier in use"),
            Map.entry(PACKET_TOO_LARGE, "packet too large"), Map.entry(QUOTA_EXCEEDED, "quota exceeded"),
            Map.entry(0x99, "payload format invalid"));

    private MqttRefusals() {
    }

    static Kind kind(int code) {
        switch (code) {
            case QUOTA_EXCEEDED:
                return Kind.BUSY;
            case 0x90:
            case PACKET_TOO_LARGE:
            case 0x99:
                return Kind.PERMANENT;
            default:
                return Kind.TEMPORARY;
        }
    }

    /** {@code 0x87} as it is written in the dead letters. */
    static String code(int code) {
        return code == INVALID_FOR_PAHO ? "invalid" : String.format("0x%02X", code);
    }

    /** {@code 0x87 not authorized}. */
    static String describe(int code) {
        if (code == INVALID_FOR_PAHO) {
            return "code not valid in a PUBACK (Paho 50001 Invalid Return code)";
        }
        return code(code) + " " + NAMES.getOrDefault(code, "(unknown reason code)");
    }
}
