package io.plantwire.sink.kafka.internal;

import java.io.IOException;

/**
 * Runs a {@link TestKafka} as its own process, for in-framework tests that cannot host a broker inside OSGi
 * (io.plantwire.sink.kafka.itest). Prints {@code BOOTSTRAP host:port} once the broker is ready and stops when
 * its standard input closes, so the broker dies with the test JVM that started it.
 */
public final class TestKafkaMain {

    private TestKafkaMain() {
    }

    public static void main(String[] args) throws Exception {
        try (TestKafka kafka = new TestKafka()) {
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
