package io.plantwire.sink.mqtt.internal;

import static io.plantwire.sink.mqtt.internal.MqttRefusals.Kind.BUSY;
import static io.plantwire.sink.mqtt.internal.MqttRefusals.Kind.PERMANENT;
import static io.plantwire.sink.mqtt.internal.MqttRefusals.Kind.TEMPORARY;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The reason-code table of docs/mqtt.md, "Refused messages and dead letters", row by row. */
class MqttRefusalsTest {

    @Test
    void eachReasonCodeIsTheKindTheDocumentationSays() {
        assertThat(MqttRefusals.kind(0x80)).isEqualTo(TEMPORARY);
        assertThat(MqttRefusals.kind(0x83)).isEqualTo(TEMPORARY);
        assertThat(MqttRefusals.kind(0x87)).isEqualTo(TEMPORARY);
        assertThat(MqttRefusals.kind(0x90)).isEqualTo(PERMANENT);
        assertThat(MqttRefusals.kind(0x91)).isEqualTo(TEMPORARY);
        assertThat(MqttRefusals.kind(0x95)).isEqualTo(PERMANENT);
        assertThat(MqttRefusals.kind(0x97)).isEqualTo(BUSY);
        assertThat(MqttRefusals.kind(0x99)).isEqualTo(PERMANENT);
        assertThat(MqttRefusals.kind(0x9F)).isEqualTo(TEMPORARY);
        assertThat(MqttRefusals.kind(MqttRefusals.INVALID_FOR_PAHO)).isEqualTo(TEMPORARY);
    }

    @Test
    void codesAreWrittenAsTheBrokerSentThem() {
        assertThat(MqttRefusals.code(0x87)).isEqualTo("0x87");
        assertThat(MqttRefusals.describe(0x87)).isEqualTo("0x87 not authorized");
        assertThat(MqttRefusals.describe(0x9F)).isEqualTo("0x9F (unknown reason code)");
        assertThat(MqttRefusals.code(MqttRefusals.INVALID_FOR_PAHO)).isEqualTo("invalid");
        assertThat(MqttRefusals.describe(MqttRefusals.INVALID_FOR_PAHO)).contains("50001");
    }
}
