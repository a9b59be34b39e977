package io.plantwire.sink.mqtt.internal;

import java.nio.file.Path;

import io.plantwire.test.support.Configs;

/**
 * A gateway process for {@link GatewayKillTest}: one MQTT sink fed with numbered tank-1 records, each reported on
 * stdout only after {@code accept} returned, until the process is killed.
 */
public final class GatewayStandIn {

    public static void main(String[] args) throws Exception {
        String brokerUrl = args[0];
        Path store = Path.of(args[1]);
        MqttSink sink = new MqttSink(Configs.of(MqttSinkConfig.class, "broker_url", brokerUrl, "store_directory", store.toString(),
                "client_id", "gateway-under-test", "reconnect_delay_max_ms", 500L), store.getParent());
        System.out.println("STARTED");
        for (long seq = 0;; seq++) {
            sink.accept(Records.tankRecord(1, seq));
            System.out.println("A " + seq);
            Thread.sleep(1);
        }
    }
}
