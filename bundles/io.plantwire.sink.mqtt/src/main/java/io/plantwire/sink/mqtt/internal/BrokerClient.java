package io.plantwire.sink.mqtt.internal;

/**
 * One MQTT connection as the publisher needs it, so MQTT 5 and MQTT 3.1.1 (two different Paho clients) drive the
 * same store-and-forward logic. A client is used for one connection only; the publisher makes a new one to
 * reconnect.
 */
interface BrokerClient {

    /** Outcome of one publish, called on a Paho thread. */
    interface Completion {
        /**
         * The broker acknowledged the message (QoS 1/2) or it was written (QoS 0).
         *
         * @param reasonCode the MQTT 5 PUBACK/PUBREC reason code, 0 for success and always 0 with MQTT 3.1.1
         */
        void acknowledged(Object context, int reasonCode, String topic);

        /** The message may not have reached the broker. */
        void failed(Object context, Throwable cause);
    }

    /** Thrown by {@link #publish} when the client has too many publishes in flight (Paho 32202). */
    final class InflightFullException extends Exception {
        private static final long serialVersionUID = 1L;

        InflightFullException(Throwable cause) {
            super(cause);
        }
    }

    /**
     * Thrown by {@link #publish} when this message can never go over this connection: it is larger than the
     * broker's Maximum Packet Size (sending it anyway would make Paho drop the connection, again and again).
     */
    final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int reasonCode;

        RefusedException(int reasonCode, String message) {
            super(message);
            this.reasonCode = reasonCode;
        }

        /** The MQTT 5 reason code this amounts to. */
        int reasonCode() {
            return reasonCode;
        }
    }

    /**
     * Connects (with the last will), waiting at most the configured connect timeout.
     *
     * @param connectionLost told, with the reason, when the connection is lost later
     */
    void connect(java.util.function.Consumer<String> connectionLost) throws Exception;

    /**
     * How many QoS 1/2 messages the broker accepts unacknowledged on this connection (MQTT 5 Receive Maximum from
     * the CONNACK; 65535 when the broker sets none or speaks MQTT 3.1.1). Known after {@link #connect}.
     */
    default int receiveMaximum() {
        return 65535;
    }

    /** Publishes asynchronously; the outcome goes to {@code completion}. */
    void publish(String topic, byte[] payload, int qos, boolean retain, Object context, Completion completion)
            throws InflightFullException, RefusedException, Exception;

    /** Publishes and waits for the acknowledgement (birth and offline status). */
    void publishAndWait(String topic, byte[] payload, int qos, boolean retain, long timeoutMillis) throws Exception;

    /** A clean DISCONNECT (the broker does not send the will). */
    void disconnect(long timeoutMillis) throws Exception;

    /** Releases sockets and threads, whatever the state. */
    void close();

    /** An exception of either Paho client as text for status and logs, with Paho's reason code. */
    static String describe(Throwable e) {
        if (e instanceof org.eclipse.paho.mqttv5.common.MqttException) {
            org.eclipse.paho.mqttv5.common.MqttException m = (org.eclipse.paho.mqttv5.common.MqttException) e;
            return m.getMessage() + " [" + m.getReasonCode() + "]" + (m.getCause() == null ? "" : " (" + m.getCause() + ")");
        }
        if (e instanceof org.eclipse.paho.client.mqttv3.MqttException) {
            org.eclipse.paho.client.mqttv3.MqttException m = (org.eclipse.paho.client.mqttv3.MqttException) e;
            return m.getMessage() + " [" + m.getReasonCode() + "]" + (m.getCause() == null ? "" : " (" + m.getCause() + ")");
        }
        return String.valueOf(e);
    }
}
