package io.plantwire.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code $[secret:...]} in the exported gateway ({@code java -jar}, as an operator runs it): the console password
 * of {@code conf/io.plantwire.console.access.cfg} comes from {@code <home>/secrets}, and neither the conf/ file, Config
 * Admin's store nor the log ever holds it; a secret file others may read stops the start and names the file.
 */
class GatewaySecretsIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final String SECRET = "reactor-hall-b-key-from-a-file";

    @TempDir
    Path tmp;

    private Process gateway;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void kill() throws InterruptedException {
        if (gateway != null && gateway.isAlive()) {
            gateway.destroyForcibly();
            gateway.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Path homeWithSecret(String secretPermissions) throws IOException {
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/io.plantwire.console.access.cfg"),
                "username=shift-lead\npassword=$[secret:console-password]\n");
        Files.createDirectory(home.resolve("secrets"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path secret = home.resolve("secrets/console-password");
        Files.writeString(secret, SECRET + "\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString(secretPermissions));
        return home;
    }

    @Test
    void theConsolePasswordComesFromTheSecretsFolderAndIsStoredNowhereElse() throws Exception {
        Path home = homeWithSecret("rw-------");
        int port = freeLoopbackPort();
        Path out = tmp.resolve("gateway.out");
        gateway = start(out, home, port);

        String shiftLead = basic("shift-lead", SECRET);
        await("the console accepting the password from secrets/console-password", () -> {
            if (!gateway.isAlive()) {
                fail("gateway exited: " + Files.readString(out));
            }
            try {
                return get(port, "/system/console/bundles.json", shiftLead).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        });
        assertThat(get(port, "/system/console/bundles.json", basic("shift-lead", "$[secret:console-password]"))
                .statusCode()).as("the reference text is no password").isEqualTo(401);

        assertThat(Files.readString(home.resolve("conf/io.plantwire.console.access.cfg")))
                .isEqualTo("username=shift-lead\npassword=$[secret:console-password]\n");
        assertThat(filesContaining(home.resolve("data"), SECRET)).as("files under data/ holding the secret")
                .isEmpty();
        assertThat(filesContaining(home.resolve("data"), "secret:console-password"))
                .as("Config Admin's store keeps the reference").isNotEmpty();
        assertThat(Files.readString(out)).doesNotContain(SECRET);
    }

    @Test
    void aSecretOthersMayReadStopsTheStartNamingTheFileAndTheFix() throws Exception {
        Path home = homeWithSecret("rw-r--r--");
        Path out = tmp.resolve("gateway.out");
        gateway = start(out, home, freeLoopbackPort());

        assertThat(gateway.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("the gateway exits").isTrue();
        assertThat(gateway.exitValue()).isEqualTo(2);
        Path secret = home.resolve("secrets/console-password");
        assertThat(Files.readString(out)).contains("Plantwire gateway cannot start: secret file " + secret
                + " is accessible by group or others (rw-r--r--): make it owner-only (chmod 600 " + secret + ")")
                .doesNotContain(SECRET);
    }

    private static java.util.List<Path> filesContaining(Path folder, String text) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).filter(f -> {
                try {
                    return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(text);
                } catch (IOException e) {
                    return false;
                }
            }).toList();
        }
    }

    private Process start(Path out, Path home, int port) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(ExportedGateway.command(home));
        pb.directory(home.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("PLANTWIRE_"));
        env.put("PLANTWIRE_HOME", home.toString());
        env.put("PLANTWIRE_HTTP_PORT", Integer.toString(port));
        pb.redirectErrorStream(true);
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        p.getOutputStream().close(); // stdin at EOF, as under a service manager
        return p;
    }

    private HttpResponse<String> get(int port, String path, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(String what, Condition condition) {
        org.awaitility.Awaitility.await(what).atMost(START_TIMEOUT).pollInterval(java.time.Duration.ofMillis(100))
                .until(condition::holds);
    }
}
