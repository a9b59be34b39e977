package io.plantwire.test.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private Mosquitto ({@code /usr/sbin/mosquitto}) on a free loopback port, with its own configuration,
 * persistence and log in a directory of the test. It can be stopped and started again on the same port to cut a
 * client off; persistence keeps a subscriber's session and queued messages across that restart. Queues and
 * in-flight windows are unlimited, so the broker itself never drops a QoS 1/2 message a test counts.
 *
 * <p>Extra listener lines ({@link #with}) add TLS files, a password file ({@code allow_anonymous} then turns
 * false), an ACL file or smaller limits.
 */
public final class MosquittoBroker implements AutoCloseable {

    /** Where Debian's package installs the broker. */
    public static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private static final Duration START_BOUND = Duration.ofSeconds(20);

    private final Path dir;
    private final boolean ownDir;
    private final int port;
    private final List<String> extraConfig = new ArrayList<>();
    private Process process;

    /**
     * A broker that keeps its files in {@code dir} (created if missing; left in place on close).
     *
     * @throws IllegalStateException when Mosquitto is not installed
     */
    public MosquittoBroker(Path dir) {
        this(dir, false);
    }

    /** A broker that keeps its files in a temporary directory, deleted on {@link #close()}. */
    public MosquittoBroker() {
        this(tempDir(), true);
    }

    private MosquittoBroker(Path dir, boolean ownDir) {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: apt-get install -y mosquitto mosquitto-clients");
        }
        try {
            this.dir = Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the broker directory " + dir + ": " + e.getMessage(), e);
        }
        this.ownDir = ownDir;
        this.port = FreePort.loopback();
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("mosquitto");
        } catch (IOException e) {
            throw new UncheckedIOException("no temporary directory for the broker: " + e.getMessage(), e);
        }
    }

    /** Adds lines to the broker's configuration (TLS files, password file, ACL file, limits); before start. */
    public MosquittoBroker with(String... lines) {
        extraConfig.addAll(List.of(lines));
        return this;
    }

    /** The plain listener's port; the same across restarts. */
    public int port() {
        return port;
    }

    /** {@code tcp://127.0.0.1:<port>}. */
    public String tcpUrl() {
        return "tcp://127.0.0.1:" + port;
    }

    /** The directory holding the configuration, persistence file and log. */
    public Path dir() {
        return dir;
    }

    /**
     * Writes the configuration and starts the broker (again, after {@link #stop()}); returns once it accepts
     * connections.
     *
     * @throws IllegalStateException when the broker exits (with its output and log) or does not listen in 20 s
     */
    public MosquittoBroker start() throws IOException {
        Path conf = dir.resolve("mosquitto.conf");
        Files.write(conf, configLines());
        process = new ProcessBuilder(BINARY.toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.out").toFile()).start();
        Process p = process;
        boolean up = Await.within(START_BOUND, () -> !p.isAlive() || accepts());
        if (!p.isAlive()) {
            throw new IllegalStateException("mosquitto exited with " + p.exitValue() + ": "
                    + Files.readString(dir.resolve("mosquitto.out")) + readLog());
        }
        if (!up) {
            throw new IllegalStateException("mosquitto did not listen on " + port + " within 20 s: " + readLog());
        }
        return this;
    }

    private List<String> configLines() {
        List<String> lines = new ArrayList<>();
        lines.add("per_listener_settings false");
        // started as root, mosquitto switches to user 'mosquitto' and then cannot write its files in our directory
        lines.add("user " + System.getProperty("user.name"));
        lines.add("persistence true");
        lines.add("persistence_location " + dir.toAbsolutePath() + "/");
        lines.add("autosave_interval 0");
        lines.add("max_queued_messages 0"); // 0: unlimited (the default 1000 would drop messages a test counts)
        lines.add("max_inflight_messages 0");
        lines.add("log_dest file " + dir.resolve("mosquitto.log").toAbsolutePath());
        lines.add("log_type error");
        lines.add("log_type warning");
        lines.add("log_type notice");
        lines.add("listener " + port + " 127.0.0.1");
        boolean auth = extraConfig.stream().anyMatch(l -> l.startsWith("password_file"));
        lines.add("allow_anonymous " + !auth);
        lines.addAll(extraConfig);
        return lines;
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** Stops the broker the way an operator would (SIGTERM: it saves its persistence file); no-op if stopped. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        process = null;
    }

    /** The broker's log so far (errors, warnings, notices), for failure messages; "" before the first start. */
    public String readLog() {
        try {
            Path log = dir.resolve("mosquitto.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Stops the broker; deletes its directory when the broker made it. */
    @Override
    public void close() throws InterruptedException {
        stop();
        if (ownDir) {
            FileTrees.deleteQuietly(dir);
        }
    }
}
