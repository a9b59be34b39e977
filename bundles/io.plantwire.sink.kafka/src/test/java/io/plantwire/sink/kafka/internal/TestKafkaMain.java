package io.plantwire.sink.kafka.internal;

import java.io.IOException;

import io.plantwire.test.support.MosquittoBroker;

/**
 * Runs a {@link TestKafka} and a {@link MosquittoBroker} as their own process, for in-framework tests that cannot
 * host brokers inside OSGi (io.plantwire.sink.kafka.itest). Prints {@code BOOTSTRAP host:port} and
 * {@code MQTT tcp://host:port} once both are ready, and stops when its standard input closes, so the brokers die
 * with the test JVM that started them.
 */
public final class TestKafkaMain {

    private TestKafkaMain() {
    }

    public static void main(String[] args) throws Exception {
        try (TestKafka kafka = new TestKafka(); MosquittoBroker mqtt = new MosquittoBroker().start()) {
            System.out.println("MQTT " + mqtt.tcpUrl());
            System.out.println("BOOTSTRAP " + kafka.bootstrapServers());
            System.out.flush();
            try {
                while (System.in.read() >= 0) {
                    // wait for EOF
                }
            } catch (IOException e) {
                // parent gone
            }
        }
        System.exit(0);
    }
}
