package io.plantwire.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The exported gateway jar started as its own process ({@code java -jar}) with a home and environment of the test's
 * choosing, its output in a file. For process-level tests of what an operator meets; {@link #close()} kills it.
 */
final class ExportedGateway implements AutoCloseable {

    /**
     * The whole log on the terminal (it is in data/logs/ too), as these tests read it from the process's output;
     * FirstScreenIT starts the gateway without it, as an operator does.
     */
    static final String FULL_LOG_ON_TERMINAL = "-Dplantwire.log.console.level=INFO";

    /**
     * The JVM flag that puts a test gateway's temporary files (the launcher's embedded jars, FileInstall's copies) in
     * {@code <home>-tmp} beside its home, inside the test's own folder: a gateway a test kills leaves nothing in the
     * machine's /tmp (runtime/plantwire uses {@code data/tmp}). Not inside the home: the gateway itself creates
     * {@code data/} (0700) there, and some tests check how.
     */
    static String tempFolderFlag(Path home) throws IOException {
        return "-Djava.io.tmpdir=" + Files.createDirectories(home.resolveSibling(home.getFileName() + "-tmp"));
    }

    /**
     * {@code java -Xmx256m -XX:+UseSerialGC <full log on the terminal> <temporary folder> -jar <the gateway jar>}: the
     * exported gateway as a service manager starts it, with the test's two additions.
     */
    static List<String> command(Path home) throws IOException {
        Path jar = Paths.get(System.getProperty("gateway.jar", "target/plantwire-gateway.jar")).toAbsolutePath();
        assertThat(jar).as("gateway jar (run mvn package first)").isRegularFile();
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        return List.of(java.toString(), "-Xmx256m", "-XX:+UseSerialGC", FULL_LOG_ON_TERMINAL, tempFolderFlag(home),
                "-jar", jar.toString());
    }

    private final Process process;
    private final Path output;

    private ExportedGateway(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Starts the jar with PLANTWIRE_HOME = home, no other PLANTWIRE_* from the test's environment, plus env. */
    static ExportedGateway start(Path home, Path output, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(home));
        Path cwd = Files.createDirectories(output.getParent().resolve("cwd"));
        pb.directory(cwd.toFile());
        Map<String, String> e = pb.environment();
        e.keySet().removeIf(k -> k.startsWith("PLANTWIRE_"));
        e.put("PLANTWIRE_HOME", home.toString());
        e.putAll(env);
        pb.redirectErrorStream(true);
        pb.redirectOutput(output.toFile());
        Process p = pb.start();
        p.getOutputStream().close(); // stdin at EOF, as under a service manager
        return new ExportedGateway(p, output);
    }

    Process process() {
        return process;
    }

    String output() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    /** The last lines of the output, for failure messages. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** Fails with the output's tail when the process has ended. */
    void assertAlive() {
        if (!process.isAlive()) {
            throw new AssertionError("gateway exited with " + process.exitValue() + ":\n" + tail());
        }
    }

    boolean exited(Duration within) throws InterruptedException {
        return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
