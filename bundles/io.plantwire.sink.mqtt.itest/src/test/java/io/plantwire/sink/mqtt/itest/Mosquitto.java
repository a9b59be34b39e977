package io.plantwire.sink.mqtt.itest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A private Mosquitto on a free loopback port, started from inside the framework. */
final class Mosquitto implements AutoCloseable {

    private final Process process;
    final int port;

    Mosquitto(Path dir) throws IOException, InterruptedException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Files.createDirectories(dir);
        Path conf = dir.resolve("mosquitto.conf");
        Files.write(conf, List.of("user " + System.getProperty("user.name"), "log_dest none",
                "listener " + port + " 127.0.0.1", "allow_anonymous true"));
        process = new ProcessBuilder("/usr/sbin/mosquitto", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IllegalStateException("mosquitto did not start: "
                            + Files.readString(dir.resolve("mosquitto.out")));
                }
                Thread.sleep(20);
            }
        }
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(20, TimeUnit.SECONDS);
    }
}
