package io.plantwire.sink.kafka.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;

/**
 * A real MQTT broker on a free loopback port: a private Mosquitto when the binary is installed (.ci/run installs
 * it), embedded Moquette otherwise. Queues are sized so the broker itself never drops a QoS 1 message for the
 * bridge (Mosquitto drops beyond max_queued_messages, 1000 by default).
 */
final class TestMqttBroker implements AutoCloseable {

    private static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");

    private final int port;
    private final Process mosquitto;
    private final Server moquette;
    private final Path config;

    TestMqttBroker() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        if (Files.isExecutable(MOSQUITTO)) {
            config = Files.createTempFile("mosquitto", ".conf");
            Files.writeString(config, "listener " + port + " 127.0.0.1\n" + "allow_anonymous true\n"
                    + "persistence false\n" + "max_queued_messages 100000\n" + "max_inflight_messages 100\n");
            mosquitto = new ProcessBuilder(MOSQUITTO.toString(), "-c", config.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            moquette = null;
            awaitListening();
        } else {
            config = null;
            mosquitto = null;
            Properties p = new Properties();
            p.setProperty("host", "127.0.0.1");
            p.setProperty("port", Integer.toString(port));
            p.setProperty("allow_anonymous", "true");
            p.setProperty("persistence_enabled", "false");
            p.setProperty("telemetry_enabled", "false");
            p.setProperty("websocket_port", "disabled");
            p.setProperty("session_queue_size", "100000");
            moquette = new Server();
            moquette.startServer(new MemoryConfig(p));
        }
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    String kind() {
        return mosquitto != null ? "mosquitto" : "moquette";
    }

    private void awaitListening() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                if (!mosquitto.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("mosquitto did not start on port " + port, e);
                }
                Thread.sleep(10);
            }
        }
    }

    @Override
    public void close() throws Exception {
        if (mosquitto != null) {
            mosquitto.destroy();
            if (!mosquitto.waitFor(10, TimeUnit.SECONDS)) {
                mosquitto.destroyForcibly();
            }
            Files.deleteIfExists(config);
        } else {
            moquette.stopServer();
        }
    }
}
