package io.plantwire.sink.mqtt.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private Mosquitto on a free loopback port, with its own configuration, persistence and log in a test
 * directory. It can be stopped and started again on the same port to cut the sink off.
 */
final class MosquittoBroker implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Path dir;
    private final int port;
    private final List<String> extraConfig = new ArrayList<>();
    private Process process;

    MosquittoBroker(Path dir) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: apt-get install -y mosquitto mosquitto-clients");
        }
        this.dir = dir;
        this.port = freePort();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Adds lines to the listener's configuration (TLS files, password file, ...). */
    MosquittoBroker with(String... lines) {
        extraConfig.addAll(List.of(lines));
        return this;
    }

    int port() {
        return port;
    }

    String tcpUrl() {
        return "tcp://127.0.0.1:" + port;
    }

    MosquittoBroker start() throws IOException, InterruptedException {
        Path conf = dir.resolve("mosquitto.conf");
        List<String> lines = new ArrayList<>();
        lines.add("per_listener_settings false");
        // started as root, mosquitto switches to user 'mosquitto' and then cannot write its files in our directory
        lines.add("user " + System.getProperty("user.name"));
        lines.add("persistence true"); // a restart keeps the test subscriber's session and queued messages
        lines.add("persistence_location " + dir.toAbsolutePath() + "/");
        lines.add("autosave_interval 0");
        lines.add("max_queued_messages 0");
        lines.add("max_inflight_messages 0");
        lines.add("log_dest file " + dir.resolve("mosquitto.log").toAbsolutePath());
        lines.add("log_type error");
        lines.add("log_type warning");
        lines.add("log_type notice");
        lines.add("listener " + port + " 127.0.0.1");
        boolean auth = extraConfig.stream().anyMatch(l -> l.startsWith("password_file"));
        lines.add("allow_anonymous " + !auth);
        lines.addAll(extraConfig);
        Files.write(conf, lines);
        process = new ProcessBuilder(BINARY.toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited with " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("mosquitto.out")) + readLog());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return this;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("mosquitto did not listen on " + port + " within 20 s");
    }

    /** Stops the broker the way an operator would (SIGTERM: it saves its persistence file). */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        process = null;
    }

    String readLog() {
        try {
            Path log = dir.resolve("mosquitto.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
