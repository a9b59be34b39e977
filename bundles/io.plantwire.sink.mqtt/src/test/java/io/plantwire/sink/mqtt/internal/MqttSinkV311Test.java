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
    @Disabled("MQTT 3.1.1 has no receive maximum and Paho v3's window is set to max.inflight, the publisher's own "
            + "window: 32202 cannot occur")
    void tooManyPublishesInProgressMeansWaitAndRetryNeverDrop() {
    }
}
