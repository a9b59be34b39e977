package io.plantwire.sink.mqtt.internal;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** Every {@link MqttSinkTest} case again with {@code mqtt.version=3.1.1} (Paho mqttv3). */
class MqttSinkV311Test extends MqttSinkTest {

    @Override
    String mqttVersion() {
        return "3.1.1";
    }

    @Override
    @Test
    @Disabled("MQTT 3.1.1 has no receive maximum: the window is max.inflight, and Paho v3's own limit is set to it")
    void theBrokersReceiveMaximumCapsTheWindowAndNothingIsDropped() {
    }
}
