package io.plantwire.sink.mqtt.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A private Mosquitto for the benchmarks (same setup as the sink's tests). */
final class BenchBroker implements AutoCloseable {

    private final Path dir;
    final int port;
    private Process process;

    BenchBroker(Path dir) throws IOException {
        this.dir = dir;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    BenchBroker start() throws IOException, InterruptedException {
        Path conf = dir.resolve("mosquitto.conf");
        Files.write(conf, List.of("user " + System.getProperty("user.name"), "persistence true",
                "persistence_location " + dir.toAbsolutePath() + "/", "autosave_interval 0",
                "max_queued_messages 0", "max_inflight_messages 0", "log_dest none",
                "listener " + port + " 127.0.0.1", "allow_anonymous true"));
        process = new ProcessBuilder("/usr/sbin/mosquitto", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return this;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("mosquitto did not start: " + Files.readString(dir.resolve("mosquitto.out")));
    }

    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor(20, TimeUnit.SECONDS);
            process = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
